"""What a rule is: typed inputs, a pure decision, a typed outcome, and the clauses it pins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from assistant.languages import formats
from assistant.languages.catalogues import N_, ngettext
from assistant.models import Citation, IsoDate
from assistant.rules.pins import Clause, Pin, cite


class RuleInputs(BaseModel):
    """Inputs shared by every rule: unknown fields are refused, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


# Dates outside this range are typos, and adding a year to 9999-12-31 would overflow.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
# The error type of a date later than the day asked about (a conversation asks for it again).
AFTER_AS_OF = "after_as_of"


class DatedInputs(RuleInputs):
    """Inputs of a rule that answers relative to a day."""

    as_of: IsoDate = Field(
        default_factory=date.today,
        description="The day the answer is computed for (YYYY-MM-DD); default today.",
    )

    # Date fields that can't be later than as_of, each with the reason why, for the error. Checked
    # with the date range, before a rule's own validators.
    not_after_as_of: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        unknown = sorted(set(cls.not_after_as_of) - set(cls.model_fields))
        if unknown:  # a misspelt name would otherwise check nothing, silently
            raise TypeError(f"{cls.__name__}.not_after_as_of names no field: {', '.join(unknown)}")

    @model_validator(mode="after")
    def _plausible_dates(self) -> DatedInputs:
        for name, value in self:
            if isinstance(value, date) and not EARLIEST <= value <= LATEST:
                message = f"{value} is outside the dates these rules handle ({EARLIEST} to {LATEST})"
                raise field_error(name, message, str(value))
        for name, reason in self.not_after_as_of.items():
            value = getattr(self, name)
            if value is not None and value > self.as_of:
                message = f"{value} is after as_of ({self.as_of}): {reason}"
                raise field_error(name, message, str(value), AFTER_AS_OF)
        return self


class Outcome(BaseModel):
    """What every outcome carries besides its own fields."""

    explanation: str = Field(description="One sentence: the result and the clause it follows from.")
    steps: list[str] = Field(description="How the result was reached, one short line per step.")
    citations: list[Citation] = Field(
        default_factory=list, description="The clauses applied, quoted verbatim."
    )
    # The pins this particular outcome rests on; turned into `citations` by `Rule.run`.
    cited: list[Pin] = Field(default_factory=list, exclude=True)


InputsT = TypeVar("InputsT", bound=RuleInputs)
OutcomeT = TypeVar("OutcomeT", bound=Outcome)


def field_error(field: str, message: str, value: Any, kind: str = "invalid") -> ValidationError:
    """A validation error located at `field`, for checks that compare two fields.

    A plain ValueError raised in a model validator would be reported against the whole body;
    naming the field tells the caller which value to correct.
    """
    error = PydanticCustomError(kind, "{reason}", {"reason": message})
    return ValidationError.from_exception_data(
        "inputs", [InitErrorDetails(type=error, loc=(field,), input=value)]
    )


def long_date(day: date) -> str:
    """`2025-03-15` → `March 15, 2025` (or `15 de marzo de 2025`), the way answers write dates."""
    return formats.long_date(day)


def days_left(deadline: date, as_of: date) -> int | None:
    """Days from `as_of` to `deadline` (0 on the day itself), or None once it has passed."""
    return None if as_of > deadline else (deadline - as_of).days


def one_year_after(start: date, as_of: date) -> tuple[date, int | None]:
    """The day one year after `start`, and the days left to it from `as_of` (None once it has passed).

    relativedelta keeps the calendar day and clamps to the month's end: from 2024-02-29 the year
    runs to 2025-02-28, never into March.
    """
    deadline = start + relativedelta(years=1)
    return deadline, days_left(deadline, as_of)


def days(n: int) -> str:
    """ "1 day", "5 days", in the language being spoken."""
    return ngettext("{n} day", "{n} days", n).format(n=formats.number(n))


@dataclass(frozen=True)
class Ask:
    """A follow-up question for a fact a rule needs: the conversation slot its answer fills, the
    question as the assistant asks it, and quick replies to offer (in English: `gettext` them to ask)."""

    slot: str
    question: str
    options: tuple[str, ...] = ()


# Several rules count from a payment, and ask for it the same way.
PAYMENT_DATE = Ask(
    "payment_date", N_("When did you pay? A date such as March 3, 2025, or “10 days ago” is fine.")
)

# Given the inputs known so far and every fact the conversation gave (by slot name), a question
# still worth asking although no required input is missing: the slot, and a note to say first.
ExtraQuestion = Callable[[Mapping[str, Any], Mapping[str, Any]], tuple[str, str] | None]


@dataclass(frozen=True)
class Rule(Generic[InputsT, OutcomeT]):
    """A computable answer: validate the inputs, decide, and cite the clauses the outcome rests on."""

    name: str
    description: str
    inputs: type[InputsT]
    decide: Callable[[InputsT], OutcomeT]
    pins: tuple[Pin, ...]
    # The result in a few plain words, for the first line of a chat answer.
    headline: Callable[[InputsT, OutcomeT], str]
    # The fields still needed, given those known so far (some depend on others, e.g. the product).
    needs: Callable[[Mapping[str, Any]], list[str]] | None = None
    # For each input, the conversation slot it is read from, in the order a conversation asks.
    slots: Mapping[str, str] = field(default_factory=dict)
    # The follow-up questions for the slots a conversation may have to ask about.
    asks: tuple[Ask, ...] = ()
    extra_question: ExtraQuestion | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.slots) - set(self.inputs.model_fields))
        if unknown:  # a misspelt input would otherwise never be filled, silently
            raise TypeError(f"rule {self.name}: slots name no input: {', '.join(unknown)}")

    def missing(self, values: Mapping[str, Any]) -> list[str]:
        """Required fields absent from `values`, in the order a conversation should ask for them."""
        if self.needs is not None:
            return self.needs(values)
        required = [name for name, field in self.inputs.model_fields.items() if field.is_required()]
        return [name for name in required if values.get(name) is None]

    def validate(self, values: Mapping[str, Any]) -> InputsT:
        return self.inputs.model_validate(dict(values))

    def run(self, values: Mapping[str, Any] | InputsT, clauses: Mapping[str, Clause]) -> OutcomeT:
        """Validate `values` (raising pydantic's ValidationError), decide, and quote the clauses."""
        inputs = values if isinstance(values, self.inputs) else self.validate(values)  # type: ignore[arg-type]
        outcome = self.decide(inputs)
        return outcome.model_copy(update={"citations": cite(self.name, outcome.cited, clauses)})
