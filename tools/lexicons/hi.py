from common import *

# Devanagari vowel signs are not \w in Python: word edges are written with the whole block.
D = "\u0900-\u0963\u0966-\u097F"  # without the danda (।), which ends a sentence
L = r"(?<![\w" + D + r"])"
R = r"(?![\w" + D + r"])"


def w(x):
    return L + "(?:" + x + ")" + R


MONTHS = {
    "जनवरी|january|jan": "january", "फ़रवरी|february|feb": "february", "मार्च|march|mar": "march",
    "अप्रैल|अप्रेल|april|apr": "april", "मई|may": "may", "जून|june|jun": "june", "जुलाई|july|jul": "july",
    "अगस्त|august|aug": "august", "सितंबर|सितम्बर|september|sept?": "september",
    "अक्टूबर|अक्तूबर|october|oct": "october", "नवंबर|नवम्बर|november|nov": "november",
    "दिसंबर|दिसम्बर|december|dec": "december",
}
WEEKDAYS = {
    "सोमवार|somvar": "monday", "मंगलवार|mangalvar": "tuesday", "बुधवार|budhvar": "wednesday",
    "गुरुवार|बृहस्पतिवार|guruvar": "thursday", "शुक्रवार|shukravar": "friday", "शनिवार|shanivar": "saturday",
    "रविवार|इतवार|ravivar|itvar": "sunday",
}
EWD = alt(WEEKDAYS_EN)
NUMS = {
    "एक|ek": 1, "दो|do": 2, "तीन|teen|tin": 3, "चार|char": 4, "पाँच|पांच|paanch|panch": 5, "छह|छः|छे|chhe|chah": 6,
    "सात|saat": 7, "आठ|aath": 8, "नौ|nau": 9, "दस|das": 10, "ग्यारह|gyarah": 11, "बारह|barah|baarah": 12,
    "तेरह|terah": 13, "चौदह|chaudah": 14, "पंद्रह|पन्द्रह|pandrah": 15, "सोलह|solah": 16, "सत्रह|satrah": 17,
    "अठारह|atharah": 18, "उन्नीस|unnees": 19, "बीस|bees": 20, "तीस|tees": 30,
}
UNIT = {
    "दिन|दिनों|din": "days", "हफ़्ते|हफ्ते|हफ़्ता|हफ्ता|सप्ताह|hafte|hafta": "weeks",
    "महीने|महीना|महीनों|mahine|mahina": "months", "साल|वर्ष|बरस|saal|sal": "years",
}
AGO = r"(?:पहले|पूर्व|पहिले|pehle|pahle|phle|ago)"
I_DID = r"(?:मैंने|मैने|मेने|हमने|maine|mene|maine\s+ne)"  # I (ergative), before a past verb
P = r"[^.?!,।]{0,80}?"
AGE_NOT = r"(?!\s*(?:days|weeks|months|dollars|\$|डॉलर|दिन|हफ्त|महीन))"

BEFORE = [
    *[(d, str(n)) for n, d in enumerate("०१२३४५६७८९")],
    # Devanagari number words (not "एक"/"दो", also "a"/"give"), and romanized ones only before a unit
    *[(w(k.split("|")[0]), str(n)) for k, n in sorted(NUMS.items(), key=lambda kv: -len(kv[0])) if n > 2],
    *[(w("|".join(k.split("|")[1:])) + r"(?=\s*(?:din|hafte|hafta|mahine|mahina|saal|sal|years?|weeks?|days?|months?)" + R + ")", str(n)) for k, n in NUMS.items() if "|" in k],
    (w("एक") + r"(?=\s*(?:दिन|हफ़्ते|हफ्ते|हफ्ता|सप्ताह|महीने|महीना|साल|वर्ष)" + R + ")", "1"),
    (w("दो") + r"(?=\s*(?:दिन|हफ़्ते|हफ्ते|हफ्ता|सप्ताह|महीने|महीना|साल|वर्ष)" + R + ")", "2"),
    (w("पिछले|पिछला|पिछली|गए|गत|pichle|pichhle|last") + r"\s*" + w("हफ़्ते|हफ्ते|हफ़्ता|हफ्ता|सप्ताह|hafte|week"), "last week"),
    (w("पिछले|पिछला|गए|गत|pichle|pichhle") + r"\s*" + w("महीने|महीना|mahine|month"), "last month"),
    (w("पिछले|पिछला|गए|गत|pichle|pichhle") + r"\s*" + w("साल|वर्ष|saal|year"), "last year"),
    (w("अगले|agle|next") + r"\s*" + w("हफ़्ते|हफ्ते|सप्ताह|hafte"), "next week"),
    (w("अगले|agle") + r"\s*" + w("महीने|mahine"), "next month"),
    (w("इस|is") + r"\s*" + w("साल|वर्ष|saal"), "this year"),
    (w("इस|is") + r"\s*" + w("महीने|mahine"), "this month"),
    *[(r"(?<!\w)(?:लगभग\s+|करीब\s+|करीबन\s+|lagbhag\s+|kareeb\s+)?(\d{1,3})\s*" + w(u) + r"\s*" + AGO + R, r"\1 " + e + " ago") for u, e in UNIT.items()],
    (w("कुछ|kuch") + r"\s*" + w("दिन|दिनों|din") + r"\s*" + AGO + R, "a few days ago"),
    (w("कुछ|kuch") + r"\s*" + w("हफ़्ते|हफ्ते|hafte") + r"\s*" + AGO + R, "a few weeks ago"),
    (w("कुछ|kuch") + r"\s*" + w("महीने|mahine") + r"\s*" + AGO + R, "a few months ago"),
    (w("हाल\s+ही\s+में|हाल\s+में|haal\s+hi\s+mein|recently"), "recently"),
    # ages before dateparser reads "12 साल" as a date
    (w("मैं|main|mai|mein") + r"\s*(\d{1,2})\s*" + w("साल|वर्ष|saal|sal|years?") + r"\s*(?:" + w("का|की|ka|ki") + r")?\s*(?:" + w("हूँ|हूं|हु|hoon|hun|hu|hoo") + r")?", r"i'm \1 years old"),
    (w("मेरी|मेरा|meri|mera") + r"\s*" + w("उम्र|आयु|umar|umr|age") + r"\s*(\d{1,2})\s*(?:" + w("साल|वर्ष|saal|sal|years?") + r")?\s*(?:" + w("है|hai") + r")?", r"i'm \1 years old"),
    (r"(\d{1,2})\s*" + w("साल|वर्ष|saal|sal") + r"\s*(?:" + w("का|की|ka|ki") + r"\s*)?" + w("हुआ|हुई|हो\s+गया|हो\s+गई|hua|hui|ho\s+gaya|ho\s+gayi"), r"just turned \1 years old"),
    (r"(\d{1,2})\s*" + w("साल|वर्ष|saal|sal|years?") + r"\s*" + w("का|की|के|ka|ki|ke") + r"\s*(?:" + w("है|हो\s+गया\s+है|हो\s+गई\s+है|hai|ho\s+gaya\s+hai") + r")?", r"is \1 years old"),
    (w("1") + r"\s*" + w("साल|वर्ष|saal"), "1 year"),
    (w("1") + r"\s*" + w("महीने|महीना|mahina|mahine"), "1 month"),
    (w("1") + r"\s*" + w("हफ़्ते|हफ्ते|हफ्ता|सप्ताह|hafta|hafte"), "1 week"),
    (w("1") + r"\s*" + w("दिन|din"), "1 day"),
    *[(r"(?<!\w)(\d{1,3})\s*" + w(u), r"\1 " + e) for u, e in UNIT.items()],
    (r"(?<!\w)(?:पिछले|pichle)\s+(?:महीने|mahine|month)\s+(?:की|ki)\s+(\d{1,2})\s*(?:तारीख|तारीख़|tarikh)?", r"the \1 of last month"),
    (r"(?<!\w)(?:last\s+month)\s+(?:की|ki)\s+(\d{1,2})\s*(?:तारीख|तारीख़|tarikh)?", r"the \1 of last month"),
    *numeric_dmy(),
    *[(r"(?<!\d)(\d{1,2})\s*(?:" + k + r")" + R + r",?\s*(\d{4})(?:\s*" + w("को|ko") + r")?", r" on \2-%02d-\1 " % (MONTHS_EN.index(v) + 1)) for k, v in MONTHS.items()],
    *[(r"(?<!\d)(\d{1,2})\s*(?:" + k + r")" + R + r"(?:\s*" + w("को|ko") + r")?", " on " + v + r" \1 ") for k, v in MONTHS.items()],
    (r"(\d{4}-\d{1,2}-\d{1,2})\s*" + w("को|ko"), r"\1"),
    (w("तारीख|तारीख़|tarikh|date") + r"\s*(?:" + w("को|ko") + r")?\s*(?=on\s)", ""),
    (w("और|aur|or"), "and"),
    *[(r"(\d{4}-\d{1,2}-\d{1,2})\s+" + w(k), r"\1 " + e) for k, e in {"में": "in", "से": "from"}.items()],
]

GLOSSES = [
    # --- policy questions stay lookups -------------------------------------------------------------
    (w("रिफंड|रिफ़ंड|refund|वापसी") + r"\s*" + w("पॉलिसी|पालिसी|नीति|policy|नियम|niyam|rules"), "refund policy"),
    (w("पॉलिसी|पालिसी|नीति"), "policy"),
    (w("रिफंड|रिफ़ंड|refund|पैसे\s+वापस|paise\s+wapas") + r"\s*(?:" + w("के\s+लिए|ke\s+liye") + r"\s*)?(?:" + w("कैसे|kaise") + r")\s*" + w("मांगूं|मांगूँ|मांगें|मांगे|माँगूँ|लूं|लूँ|लें|मिलेगा|मिलता\s+है|करें|करूं|करूँ|apply\s+करें|maangu|maange|milega|karein|karu|karun|le|lu|apply\s+karu|request\s+karu|claim\s+karu"), "how do i ask for a refund"),
    (w("कैसे|kaise") + r"\s*(?:" + w("मैं|main") + r"\s*)?" + w("रिफंड|रिफ़ंड|refund"), "how do i ask for a refund"),
    (w("कहाँ|कहां|kahan|kaha"), "where"),
    (w("प्रक्रिया|प्रोसेस|process|steps|स्टेप्स"), "process"),
    (w("आम\s+तौर\s+पर|सामान्य\s+तौर\s+पर|आमतौर\s+पर|generally|in\s+general"), "in general"),
    (w("क्यों|क्यूँ|क्यूं|kyun|kyu|kyon|why"), "why does"),
    (w("क्योंकि|क्यूंकि|kyunki|kyuki|because"), "because"),
    (w("क्या\s+होगा|क्या\s+होता\s+है|kya\s+hoga|kya\s+hota\s+hai") + r"\s*(?:" + w("अगर|agar") + r")?", "what happens if"),
    (w("अगर|यदि|agar|yadi") + r"\s*(?:" + w("मैं|मैंने|main|maine") + r")" + P + w("खरीदूँ|खरीदूं|ख़रीदूँ|खरीदूं|लूँ|लूं|लेता\s+हूँ|पे\s+करूँ|पे\s+करूं|भुगतान\s+करूँ|भुगतान\s+करूं|पेमेंट\s+करूँ|पेमेंट\s+करूं|सब्सक्राइब\s+करूँ|खरीदता\s+हूँ|kharidu|kharidun|lu|loon|pay\s+karu|pay\s+karun|payment\s+karu|subscribe\s+karu"), "if i pay"),
    (w("अगर|यदि|agar|yadi") + r"\s*(?:" + w("मैं|मैंने|main|maine") + r")", "if i"),
    (w("अगर|यदि|agar|yadi") + r"\s*(?:" + w("मेरा|मेरी|मेरे|mera|meri|mere") + r")", "if my"),
    (w("अगर|यदि|agar|yadi") + r"\s*(?:" + w("कोई|koi") + r")", "if someone"),
    (w("क्या") + r"\s*(?:coursera|कोर्सेरा)\s*" + w("देता\s+है|देती\s+है|करता\s+है|करती\s+है"), "does coursera offer"),
    (w("रिफंड\s+योग्य|refundable|वापसी\s+योग्य"), "refundable"),
    (w("नियम|niyam"), "rules"),
    (w("ग्रेड|नंबर|अंक|grades?"), "grades"),
    (w("फेल|fail|अनुत्तीर्ण"), "failed"),
    (w("भले\s+ही|हालांकि|हालाँकि|even\s+though"), "even though"),
    # --- liability amounts asked ---------------------------------------------------------------------
    (w("कितना|कितने|kitna|kitne") + r"\s*(?:" + w("पैसे|पैसा|paise|rupaye") + r"\s*)?(?:" + w("मुआवजा|मुआवज़ा|हर्जाना|muavza|muawza|harjana|compensation") + r"\s*)?(?:" + w("मैं|main") + r"\s*)?" + w("मांग|माँग|क्लेम|ले|पा|वसूल|maang|claim|le|pa") + r"\s*" + w("सकता|सकती|सकते|sakta|sakti|sakte") + r"(?:\s*" + w("हूँ|हूं|हैं|है|hu|hoon|hai|hain") + r")?", "how much can i claim"),
    (w("कितना|कितने|kitna|kitne") + r"\s*(?:" + w("मुआवजा|मुआवज़ा|हर्जाना|muavza|harjana") + r"\s*)?(?:" + w("मिल|mil") + r")\s*" + w("सकता|सकती|सकते|sakta|sakti|sakte|ेगा|egaa|ega"), "how much can i claim"),
    (w("ज़्यादा\s+से\s+ज़्यादा|ज्यादा\s+से\s+ज्यादा|अधिकतम|maximum|max|jyada\s+se\s+jyada|zyada\s+se\s+zyada"), "maximum"),
    (w("कितना|कितने|कितनी|kitna|kitne|kitni"), "how much"),
    # --- paid nothing ----------------------------------------------------------------------------------
    (r"(?:" + w("मैंने|maine") + r"\s*)?" + w("कभी\s+कुछ\s+नहीं|कुछ\s+भी\s+नहीं|कुछ\s+नहीं|kabhi\s+kuch\s+nahi|kuch\s+nahi|kuch\s+bhi\s+nahi") + r"\s*" + w("दिया|चुकाया|भुगतान\s+किया|pay\s+किया|pay\s+kiya|diya|payment\s+kiya"), "i never paid"),
    (r"(?:" + w("मैंने|maine") + r"\s*)?" + w("सिर्फ|सिर्फ़|केवल|बस|sirf|kewal|bas|only") + r"\s*" + w("फ्री|फ़्री|मुफ्त|मुफ़्त|free|muft") + r"\s*" + w("कोर्स|कोर्सेज|courses?|कंटेंट") + r"[^.?!,।]{0,20}", "i only used free courses"),
    (w("कुछ\s+नहीं|kuch\s+nahi|शून्य|zero|nothing"), "nothing"),
    # --- asking for one's own refund -----------------------------------------------------------------
    (r"(?:" + w("क्या|kya") + r"\s*)?(?:" + w("मुझे|मेरे\s+को|mujhe|mujhko|muje") + r"\s*)?(?:" + w("अभी\s+भी|अब\s+भी|abhi\s+bhi|ab\s+bhi") + r"\s*)?(?:" + w("मेरा|मेरे|mera|mere") + r"\s*)?" + w("रिफंड|रिफ़ंड|refund|रिफन्ड|पैसे\s+वापस|पैसा\s+वापस|paise\s+wapas|paisa\s+wapas|paise\s+vapas|पैसे\s+लौटा|राशि\s+वापस") + r"\s*" + w("मिल|mil") + r"\s*" + w("सकता|सकती|सकते|sakta|sakti|sakte|जाएगा|जायेगा|jayega|jaega|ेगा|ेंगे|ega|enge|egi") + r"(?:\s*" + w("है|हैं|hai|hain") + r")?(?:\s*" + w("क्या|kya") + r")?", "can i get a refund"),
    (w("रिफंड|रिफ़ंड|refund|पैसे\s+वापस|पैसा\s+वापस|paise\s+wapas|paisa\s+wapas") + r"\s*" + w("मिलेगा|मिलेंगे|मिलेगी|milega|milenge|milegi") + r"(?:\s*" + w("क्या|kya|na") + r")?", "can i get a refund"),
    (w("रिफंड|रिफ़ंड|refund|पैसे|पैसा|paise|paisa") + r"\s*(?:" + w("वापस|wapas|vapas") + r"\s*)?" + w("कर|दे|kar|de|karo|kardo|kar\s+do|de\s+do") + r"\s*" + w("दीजिए|दीजिये|दें|दो|सकते\s+हैं|सकते\s+हो|dijiye|dijie|do|sakte\s+hain|sakte\s+ho"), "can i get a refund"),
    (r"(?:" + w("मुझे|mujhe|muje") + r"\s*)?(?:" + w("मेरा|मेरे|mera|mere") + r"\s*)?" + w("रिफंड|रिफ़ंड|refund|पैसे\s+वापस|पैसा\s+वापस|paise\s+wapas|paisa\s+wapas") + r"\s*" + w("चाहिए|चाहिये|चाहता\s+हूँ|चाहती\s+हूँ|चाहता\s+हूं|चाहती\s+हूं|chahiye|chahiy|chahta\s+hu|chahti\s+hu|chahta\s+hoon|chahti\s+hoon"), "i want a refund"),
    (w("पैसे\s+वापस|पैसा\s+वापस|paise\s+wapas|paisa\s+wapas|paise\s+vapas|पैसे\s+लौटा\w*|राशि\s+वापस|धनवापसी"), "money back"),
    (w("रिफंड|रिफ़ंड|रिफन्ड|रीफंड|refund(?!able)\w*|रिफंड्स"), "refund"),
    (w("क्या|kya") + r"\s*" + w("मैं|main") + r"\s*" + w("हकदार|हक़दार|eligible|योग्य|पात्र") + r"\s*(?:" + w("हूँ|हूं|hu|hoon") + r")?", "am i eligible"),
    (w("बहुत\s+देर\s+हो\s+(?:गई|गयी|चुकी)|बहुत\s+लेट\s+हो\s+(?:गया|गई)|देर\s+हो\s+(?:गई|गयी|चुकी)|too\s+late|bahut\s+der|der\s+ho\s+gayi|late\s+ho\s+gaya") + r"(?:\s*" + w("है|hai") + r")?(?:\s*" + w("क्या|kya") + r")?", "is it too late"),
    (w("अभी\s+भी|अब\s+भी|abhi\s+bhi|ab\s+bhi|still"), "still"),
    # --- pre-enrolment and launches ------------------------------------------------------------------
    (w("अभी|अभी\s+तक|abhi|abhi\s+tak") + r"\s*" + w("शुरू|लॉन्च|लांच|start|launch|shuru|चालू") + r"\s*" + w("नहीं|nahi|nahin") + r"\s*(?:" + w("हुआ|हुई|hua|hui|हुआ\s+है") + r")?", "has not launched yet"),
    (w("प्री-?\s?एनरोल\w*|प्री-?\s?ऑर्डर\w*|प्री-?\s?रजिस्टर\w*|pre-?\s?enrol\w*|pre-?\s?order\w*|pre-?\s?register\w*|पहले\s+से\s+(?:एनरोल|रजिस्टर|बुक|खरीद)\S*"), "pre-enrolled"),
    (w("लॉन्च\s+हुआ|लांच\s+हुआ|launch\s+hua|रिलीज़\s+हुआ|शुरू\s+हुआ|shuru\s+hua|start\s+hua"), "launched"),
    (w("लॉन्च\s+होगा|लांच\s+होगा|launch\s+hoga|रिलीज़\s+होगा|शुरू\s+होगा|शुरू\s+हो\s+रहा\s+है|shuru\s+hoga|start\s+hoga|starts?|लॉन्च|launch"), "launches"),
    # --- certificates ------------------------------------------------------------------------------------
    (w("प्रोफेशनल\s+सर्टिफिकेट|प्रोफ़ेशनल\s+सर्टिफ़िकेट|professional\s+certificate"), "professional certificate"),
    (r"(?:" + w("मुझे|मैंने|mujhe|maine") + r"\s*)?(?:" + w("सर्टिफिकेट|सर्टिफ़िकेट|प्रमाणपत्र|certificate") + r")\s*(?:" + w("भी") + r"\s*)?" + w("मिल\s+गया|मिल\s+चुका|ले\s+लिया|पा\s+लिया|मिला|डाउनलोड\s+कर\s+लिया|mil\s+gaya|mila|le\s+liya"), "i got a certificate"),
    (w("सर्टिफिकेट|सर्टिफ़िकेट|प्रमाणपत्र|प्रमाण\s+पत्र|certificate"), "certificate"),
    (w("पूरा\s+कर\s+लिया|पूरा\s+किया|खत्म\s+कर\s+लिया|complete\s+कर\s+लिया|complete\s+kar\s+liya|pura\s+kar\s+liya"), "i completed"),
    # --- who paid, when not the learner --------------------------------------------------------------
    (w("मेरी|हमारी|meri|hamari") + r"?\s*" + w("कंपनी|कम्पनी|ऑफिस|दफ्तर|employer|company|office|नियोक्ता|संस्था") + r"\s*" + w("ने|ne") + "(" + P + ")" + w("दिया|दिए|भरे|भरा|किया|की|खरीदा|पे\s+किया|pay\s+kiya|diya|diye|kiya|ki|bhara|sponsor\s+kiya"), r"my company paid \1"),
    (w("मेरी|हमारी|meri|hamari") + r"?\s*" + w("यूनिवर्सिटी|विश्वविद्यालय|कॉलेज|स्कूल|university|college|school") + r"\s*" + w("ने|ne") + "(" + P + ")" + w("दिया|दिए|भरे|भरा|किया|की|खरीदा|diya|kiya|ki"), r"my university paid \1"),
    (w("कंपनी|कम्पनी|ऑफिस|employer|company|office") + r"\s*" + w("की\s+तरफ\s+से|की\s+ओर\s+से|के\s+ज़रिए|के\s+जरिए|के\s+through|ki\s+taraf\s+se|ke\s+through|se|से|through"), "through my company"),
    (w("यूनिवर्सिटी|कॉलेज|university|college") + r"\s*" + w("की\s+तरफ\s+से|के\s+ज़रिए|के\s+जरिए|ki\s+taraf\s+se|se|से|through"), "through my university"),
    (w("employer|नियोक्ता"), "employer"),
    # --- paying, first person (the verb comes last) ----------------------------------------------------
    (r"(?:" + w("मेरे|मुझसे|मेरा|mere|mujhse|mera") + r"\s*)(" + P + ")" + w("पैसे\s+कट\s+गए|पैसे\s+कटे|पैसा\s+कट\s+गया|चार्ज\s+(?:किया\s+गया|कर\s+लिया|हो\s+गया|किए)|charge\s+(?:ho\s+gaya|kiya|kar\s+liya)|paise\s+kat\s+gaye|kat\s+gaye|कट\s+गए|कटे"), r"\1 i was charged"),
    (w("चार्ज\s+हो\s+गया|चार्ज\s+कर\s+लिया|पैसे\s+कट\s+गए|पैसे\s+कटे|ऑटो\s*-?\s*रिन्यू\s+हो\s+गया|रिन्यू\s+हो\s+गया|auto\s*-?\s*renew\s+ho\s+gaya|renew\s+ho\s+gaya|charge\s+ho\s+gaya|paise\s+kat\s+gaye|deducted"), "i was charged"),
    (I_DID + "(" + P + ")" + w("भुगतान\s+किया|पेमेंट\s+की|पेमेंट\s+किया|पे\s+किया|पे\s+की|पैसे\s+दिए|पैसे\s+भरे|फीस\s+भरी|फीस\s+दी|चुकाया|payment\s+ki|payment\s+kiya|pay\s+kiya|pay\s+ki|paid|paise\s+diye|paise\s+bhare|fees?\s+bhari|(?:fees?|फीस|फ़ीस)\s+(?:भरी|दी|bhari|di)|दिए|दिये|दी|diye") + r"(?:\s*" + w("था|थी|थे|है|tha|thi|the") + r")?", r"i paid \1"),
    (I_DID + "(" + P + ")" + w("खरीदा|ख़रीदा|खरीदी|ख़रीदी|खरीदे|लिया|ली|लिए|ले\s+लिया|ले\s+ली|buy\s+किया|buy\s+की|परचेज़\s+किया|kharida|kharidi|kharide|liya|li|le\s+liya|le\s+li|buy\s+kiya|buy\s+ki|purchase\s+kiya|bought") + r"(?:\s*" + w("था|थी|थे|है|tha|thi|the") + r")?", r"i bought \1"),
    (I_DID + "(" + P + ")" + w("सब्सक्राइब\s+किया|सब्सक्रिप्शन\s+लिया|subscribe\s+kiya|subscription\s+liya|subscribe\s+किया|subscription\s+लिया") + r"(?:\s*" + w("था|थी|tha|thi") + r")?", r"i subscribed \1"),
    (I_DID + "(" + P + ")" + w("एनरोल\s+किया|रजिस्टर\s+किया|दाखिला\s+लिया|enroll\s+kiya|register\s+kiya|enroll\s+किया|join\s+kiya|join\s+किया|ज्वाइन\s+किया") + r"(?:\s*" + w("था|थी|tha|thi") + r")?", r"i enrolled \1"),
    (w("मैंने|maine") + r"\s*" + w("अपग्रेड\s+किया|upgrade\s+kiya"), "i upgraded"),
    (w("भुगतान\s+किया|पेमेंट\s+की|पेमेंट\s+किया|पे\s+किया|pay\s+kiya|payment\s+ki|payment\s+kiya"), "paid"),
    (w("खरीदा|ख़रीदा|kharida"), "bought"),
    (w("एक\s+बार\s+का\s+(?:भुगतान|पेमेंट)|वन\s+टाइम\s+पेमेंट|one[\s-]time\s+payment|ek\s+baar\s+ka\s+payment"), "one-time payment"),
    # --- products ----------------------------------------------------------------------------------------
    (w("कोर्सेरा\s+प्लस|कौरसेरा\s+प्लस|coursera\s*plus|कोर्सएरा\s+प्लस"), "coursera plus"),
    (w("सालाना|वार्षिक|annual|yearly|saalana|salana") + r"\s*" + w("प्लान|सब्सक्रिप्शन|योजना|plan|subscription|membership"), "annual plan"),
    (w("मासिक|महीने\s+का|मंथली|monthly|mahine\s+ka|masik") + r"\s*" + w("प्लान|सब्सक्रिप्शन|योजना|plan|subscription|membership"), "monthly subscription"),
    (w("मासिक|मंथली|masik|हर\s+महीने"), "monthly"),
    (w("सालाना|वार्षिक|saalana|salana"), "annual"),
    (w("सब्सक्रिप्शन|सदस्यता|subscription"), "subscription"),
    (w("गाइडेड\s+प्रोजेक्ट|गाइडेड\s+प्रॉजेक्ट|guided\s+project|निर्देशित\s+परियोजना"), "guided project"),
    (w("स्पेशलाइज़ेशन|स्पेशलाइजेशन|स्पेशलाइज़ेशन|स्पेशलाईजेशन|विशेषज्ञता|specialization|specialisation"), "specialization"),
    (w("डिग्री|degree|मास्टर्स|मास्टर|बैचलर|स्नातक|स्नातकोत्तर|एमबीए|mba"), "degree"),
    (w("मास्टरट्रैक|mastertrack|master\s*track"), "mastertrack"),
    (w("कोर्स|कोर्सेज|पाठ्यक्रम|क्लास"), "course"),
    (w("पहला|पहले|पहली"), "first"),
    # --- where it was bought ---------------------------------------------------------------------------
    (w("ऐप\s+स्टोर|एप\s+स्टोर|ऐपस्टोर|app\s*store"), "app store"),
    (w("गूगल\s+प्ले|गूगल\s+प्ले\s+स्टोर|प्ले\s+स्टोर|google\s*play|play\s*store"), "google play"),
    (w("आईफोन|आईफ़ोन|आई\s+फोन|iphone|एप्पल|apple"), "iphone"),
    (w("एंड्रॉयड|एंड्रॉइड|android"), "android"),
    (w("ऐप|एप|app|एप्लिकेशन|ऐप्लिकेशन") + r"\s*" + w("से|में|के\s+ज़रिए|के\s+जरिए|के\s+through|se|mein|me|through"), "in the app"),
    (w("वेबसाइट|website|साइट|site") + r"\s*" + w("से|पर|on|se|par"), "on the website"),
    (w("सीधे|डायरेक्ट|सीधा|directly|direct|seedhe"), "directly"),
    (w("फोन|फ़ोन|मोबाइल|phone|mobile"), "phone"),
    # --- amounts ---------------------------------------------------------------------------------------
    (r"(?<![\w.,])(\d+(?:\.\d{1,2})?)\s*" + w("डॉलर|डालर|dollars?|usd"), r"\1 dollars"),
    # --- age and birth ---------------------------------------------------------------------------------
    (w("मेरा|मेरे|हमारा|mera|mere") + r"\s*" + w("बेटा|बेटे|भाई|भतीजा|पोता|छात्र|बच्चा|beta|bhai|bachcha|bachha"), "my son"),
    (w("मेरी|हमारी|meri") + r"\s*" + w("बेटी|बहन|भतीजी|पोती|छात्रा|बच्ची|beti|behen|bachchi"), "my daughter"),
    (r"(my\s+(?:son|daughter))" + P + r"\s(\d{1,2})\s*" + w("साल|वर्ष|saal|years") + r"(?!\s*old)(?:\s*" + w("का|की|ka|ki") + r")?(?:\s*" + w("है|hai") + r")?", r"\1 is \2 years old"),
    (r"(my\s+(?:son|daughter))\s+(?:" + w("की|ki") + r"\s*)?" + w("उम्र|umar|umr") + r"\s*(\d{1,2})", r"\1 is \2 years old"),
    (w("जन्म\s+तिथि|जन्मतिथि|जन्म\s+की\s+तारीख|डेट\s+ऑफ\s+बर्थ|date\s+of\s+birth|dob"), "date of birth"),
    (w("मेरा|mera") + r"\s*" + w("जन्म|janam") + "(" + P + ")" + w("हुआ|हुई|hua|hui") + r"(?:\s*" + w("था|थी|tha|thi") + r")?", r"i was born \1"),
    (w("मेरा|mera") + r"\s*" + w("जन्म|janam") + r"\s*", "i was born "),
    (w("मैं|main") + P + w("पैदा\s+हुआ|पैदा\s+हुई|paida\s+hua|paida\s+hui"), "i was born"),
    (w("जन्म|पैदा|janam|paida") + r"(?:\s*" + w("हुआ|हुई|hua|hui") + r")?", "born"),
    (w("जन्मदिन|बर्थडे|birthday"), "birthday"),
    (w("न्यूनतम\s+उम्र|न्यूनतम\s+आयु|कम\s+से\s+कम\s+उम्र|minimum\s+age|minimum\s+umar"), "minimum age"),
    (w("उम्र\s+सीमा|आयु\s+सीमा|age\s+limit"), "age limit"),
    (w("बहुत\s+छोटा|बहुत\s+छोटी|too\s+young"), "too young"),
    (w("13\s*(?:years|साल)\s+से\s+कम"), "under 13"),
    (w("उम्र|आयु|umar|umr"), "age"),
    (w("कोर्सेरा|coursera") + r"\s*(?:" + w("का|की|को|ka|ki|ko|पर|par|पे|pe") + r"\s*)?" + w("इस्तेमाल|उपयोग|यूज़|यूज|use|istemal|join|ज्वाइन|जॉइन|इस्तेमाल\s+कर|यूज़\s+कर") + r"(?:\s*" + w("कर|kar") + r")?", "use coursera"),
    (w("कोर्सेरा|coursera") + r"\s*" + w("पर|par|पे|pe|में|mein") + r"\s*" + w("अकाउंट|खाता|account|साइन\s+अप|sign\s*up|रजिस्टर|register|एनरोल|enroll"), "use coursera"),
    (w("अकाउंट|खाता|account") + r"\s*" + w("बना|खोल|bana|khol|create"), "create an account"),
    (w("साइन\s+अप|sign\s*up|रजिस्टर\s+कर|register\s+kar"), "sign up"),
    (w("क्या|kya") + r"\s*" + w("मैं|main|mai") + r"(?=\s+(?:use\s+coursera|sign\s+up|create))", "can i"),
    (w("क्या|kya") + r"\s*" + w("वह|वो|wo|woh|vo") + r"(?=\s+(?:use\s+coursera|sign\s+up|create))", "can he"),
    # --- free trial, violations ------------------------------------------------------------------------
    (w("फ्री\s+ट्रायल|फ़्री\s+ट्रायल|मुफ्त\s+ट्रायल|मुफ़्त\s+ट्रायल|free\s+trial|ट्रायल|trial"), "free trial"),
    (w("फ्री|फ़्री|मुफ्त|मुफ़्त|muft"), "free"),
    (w("ऑनर\s+कोड|ऑनर\s+कोड|honou?r\s+code|सम्मान\s+संहिता"), "honor code"),
    (w("उल्लंघन|violate\s+kiya|violate\s+किया|तोड़ा|तोडा"), "violated"),
    (w("नकल\s+की|चीटिंग\s+की|cheating\s+ki|cheating\s+की|नकल\s+किया|cheat\s+kiya|नकल|चीटिंग|cheating"), "cheated"),
    (w("साहित्यिक\s+चोरी|प्लेज़रिज़्म|plagiarism"), "plagiarism"),
    (w("बैन|ban|ब्लॉक|block|सस्पेंड|suspend") + r"\s*(?:" + w("कर\s+दिया|हो\s+गया|कर\s+दी|हो\s+गई|kar\s+diya|ho\s+gaya") + r")?", "i was banned"),
    # --- registration expiry ---------------------------------------------------------------------------
    (w("दोबारा|फिर\s+से|dobara|phir\s+se") + r"\s*" + w("पैसे|पेमेंट|भुगतान|paise|payment|pay") + r"\s*(?:" + w("देने|करना|करने|dene|karna|karne") + r")?", "pay again"),
    (w("रजिस्ट्रेशन|एनरोलमेंट|नामांकन|registration|enrollment|enrolment"), "registration"),
    (w("एक्सेस|पहुँच|पहुंच|access"), "access"),
    (w("एक्सपायर|expire|ख़त्म|खत्म|समाप्त|khatam|khatm|खतम") + r"\s*(?:" + w("हो\s+जाएगा|हो\s+जाएगी|होगा|होगी|हो\s+जाता|हो\s+रहा|ho\s+jayega|hoga|hogi") + r")?", "expires"),
    # --- deadlines -------------------------------------------------------------------------------------
    (w("कितना\s+समय|कितना\s+टाइम|कितने\s+दिन|kitna\s+time|kitna\s+samay|how\s+much\s+समय|how\s+much\s+time|how\s+much\s+टाइम"), "how long"),
    (w("कब\s+तक|kab\s+tak"), "until when"),
    (w("समय\s+सीमा|डेडलाइन|deadline|अंतिम\s+तिथि"), "deadline"),
    (w("पूरा|पूरी|खत्म|ख़त्म|complete|finish|pura|puri|khatam") + r"\s*" + w("करने|करना|kar|karne|karna"), "finish"),
    # --- legal claims ----------------------------------------------------------------------------------
    (w("मुकदमा|मुक़दमा|केस|case|mukadma|मुकद्दमा") + r"\s*" + w("करना|करने|कर|दायर\s+करना|दायर\s+करने|karna|karne|kar|file\s+karna|file\s+karne|file\s+kar"), "sue"),
    (w("मुकदमा|मुक़दमा|mukadma|lawsuit"), "lawsuit"),
    (w("कानूनी\s+कार्रवाई|क़ानूनी\s+कार्रवाई|कानूनी\s+कदम|legal\s+action|kanooni\s+karyawahi"), "legal action"),
    (w("कोर्ट|अदालत|न्यायालय|court|adalat"), "court"),
    (w("मध्यस्थता|आर्बिट्रेशन|arbitration"), "arbitration"),
    (w("हुआ\s+था|हुई\s+थी|हुआ|हुई|hua\s+tha|hui\s+thi|hua|hui"), "happened"),
    (w("समस्या|दिक्कत|प्रॉब्लम|problem|issue|मसला"), "problem"),
    (w("हैक|hack") + r"\s*(?:" + w("हो\s+गया|कर\s+लिया|ho\s+gaya") + r")?", "hacked"),
    (w("खो\s+गया|खो\s+गए|खो\s+दिया|गायब|lost|kho\s+gaya"), "lost"),
    (w("डिलीट|delete") + r"\s*(?:" + w("हो\s+गया|कर\s+दिया|ho\s+gaya") + r")?", "deleted"),
    # --- liability -------------------------------------------------------------------------------------
    (w("मुआवजा|मुआवज़ा|हर्जाना|क्षतिपूर्ति|muavza|muawza|harjana|compensation"), "compensation"),
    (w("नुकसान|हानि|damages?|nuksan"), "damages"),
    (w("देयता|जिम्मेदारी|ज़िम्मेदारी|liability"), "liability"),
    (w("सीमा|लिमिट|limit"), "limit"),
    (w("क्लेम|claim|दावा"), "claim"),
    (r"(?:" + w("पिछले|pichle") + r"\s*)(\d+)\s*months", r"in the last \1 months"),
    # --- dates that dateparser leaves --------------------------------------------------------------------
    (w("परसों|parso|parson"), "the day before yesterday"),
    (w("कल|kal|yesterday"), "yesterday"),
    (w("आज|aaj|aj|today"), "today"),
    *[(w(k), v) for k, v in WEEKDAYS.items()],
    (w("पिछले|पिछला|pichle|last") + r"\s*(" + EWD + r")\s*(?:" + w("को|ko") + r")?", r"last \1"),
    (w("अगले|agle") + r"\s*(" + EWD + r")", r"next \1"),
    (w("इस|is") + r"\s*(" + EWD + r")", r"this \1"),
    (r"(?<!last )(?<!next )(?<!this )(" + EWD + r")\s*(?:" + w("को|ko") + r")", r"on \1"),
    *[(w(k), v) for k, v in MONTHS.items()],
    (w("शुरुआत|शुरू") + r"\s*(?:" + w("में") + r")?", "beginning"),
    # --- function words ----------------------------------------------------------------------------------
    (w("मेरा|मेरी|मेरे|अपना|अपनी|अपने|mera|meri|mere|apna|apni|apne"), "my"),
    (w("हमारा|हमारी|हमारे|hamara|hamari"), "our"),
    (w("मैंने|मैने|मैं|मै|maine|mene|main"), "i"),
    (w("मुझे|मुझको|मुझसे|mujhe|muje|mujhse"), "me"),
    (w("हम|हमने|hum|humne"), "we"),
    (w("चाहिए|चाहिये|चाहता\s+हूँ|चाहती\s+हूँ|चाहता\s+हूं|चाहती\s+हूं|chahiye|chahta\s+hu|chahti\s+hu"), "i want"),
    (w("लेकिन|मगर|lekin|magar"), "but"),
    (w("पर|par|pe"), "on"),
    (w("फिर|उसके\s+बाद|phir|fir"), "then"),
    (w("के\s+लिए|ke\s+liye"), "for"),
    (w("सिर्फ|सिर्फ़|केवल|sirf|kewal"), "only"),
    (w("नहीं|ना|न|nahi|nahin"), "not"),
    (w("अगर|यदि|agar"), "if"),
    (w("क्या|kya"), ""),
]

def nukta(pairs):
    """A nukta is often left out ("फरवरी" for "फ़रवरी"): make it optional."""
    return [(p.replace("\u093c?", "\u093c").replace("\u093c", "\u093c?"), e) for p, e in pairs]


import json as _json
_PS = _json.load(open(__import__("pathlib").Path(__file__).with_name("period_spec.json"), encoding="utf-8"))["hi"]
GLOSSES = insert_after(GLOSSES, "refund", period_rules(*_PS))
GLOSSES.insert(0, ("(?:किसी\\s+)?(?:इंसान|व्यक्ति|एजेंट|सपोर्ट\\s+टीम|कस्टमर\\s+केयर|insaan|agent)\\s+(?:से|se)\\s+(?:बात|baat)", "talk to a person"))
# WEEKDAY_WITH_DATE: "el lunes 3 de marzo" names one day twice; the weekday would win over the date.
GLOSSES += [
    (r"(?<!\w)(?:on\s+|last\s+|this\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*(?:the\s+)?(?=(?:on\s+)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d|\d{4}-\d|the\s+\w+\s+of\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)))", ""),
    (r"((?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}|\d{4}-\d{1,2}-\d{1,2})(?:\s*[,(の的의]?\s*(?:on\s+|the\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\)?)", r"\1"),
]

# --- learners' everyday phrasings ------------------------------------------------------------------
BEFORE = [
    (r"(?:आज\s+सुबह|आज\s+सवेरे|आज\s+सुबह-सुबह|aaj\s+subah|aaj\s+subha)", " this morning "),
    (r"(?:अभी\s+(?:थोड़ी\s+देर\s+)?पहले|थोड़ी\s+देर\s+पहले|कुछ\s+देर\s+पहले|abhi\s+thodi\s+der\s+pehle|thodi\s+der\s+pehle|abhi\s+abhi|अभी\s+अभी)", " earlier today "),
    (r"(?:आज\s+रात|aaj\s+raat)", " tonight "),
] + BEFORE
GLOSSES = [
    *day_alone(r"(?<![\d\w])(\d{1,2})\s*(?:तारीख|तारिख|tarikh|tareekh|tarik)(?:\s*(?:को|ko))?"),
    (r"(?:क्रिसमस|क्रिस्मस|christmas|बड़े\s+दिन|बड़ा\s+दिन)(?:\s*(?:पर|के\s+दिन|को|par|wale\s+din))?", " on christmas "),
    (r"(?:नए\s+साल|नये\s+साल|नया\s+साल|new\s+year)(?:\s*(?:पर|के\s+दिन|को|par))", " on new year's day "),
    (r"(?:ब्लैक\s*फ्राइडे|black\s+friday)(?:\s*(?:पर|को|वाले\s+दिन|par|sale\s+me|सेल\s+में))?", " on black friday "),
    (r"जन्म\s+(?:on\s+)?(\d{4}-\d{1,2}-\d{1,2})\s*(?:को\s+)?(?:हुआ|हुई)(?:\s+था|\s+थी)?", r" born on \1 "),
    (r"कब\s+तक\s+(?:मैं\s+)?(?:केस|मुकदमा|दावा|क्लेम|case|claim|शिकायत)\s+(?:कर|दायर\s+कर|ठोक|file\s+कर)\s*(?:सकता|सकती|सकते)", " until when can i sue "),
    (r"(?:registration|रजिस्ट्रेशन|एनरोलमेंट|enrollment|enrolment)\s+(?:expire|खत्म|समाप्त|ख़त्म)\s+होने\s+से\s+पहले", " before my registration expires "),
    (r"(?:purchase|खरीद(?:ारी)?|order|ऑर्डर)\s+(?:को\s+)?(?:cancel|कैंसल|कैंसिल|रद्द)\s+(?:कर|करवा|करा)", " can i still get a refund "),
] + GLOSSES
GLOSSES += FIX_ENGLISH

write("hi", nukta(BEFORE), nukta(GLOSSES))
