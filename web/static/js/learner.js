// The learner chat page.
import { Chat } from "./chat.js";

new Chat(document.querySelector("[data-chat]"));
