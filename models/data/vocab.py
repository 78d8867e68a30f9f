"""The slots one industry fills in the sentence templates (products, problems, impacts, fixes)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Industry:
    """Everything industry-specific a template may ask for.

    Grammar each field must fit (templates rely on it):
    - things: noun after "your" ("router", "home insurance policy").
    - issues: noun phrase with its article ("the dropouts").
    - symptoms: (complaint, symptom question, "step done" reply) that belong together.
      The question is a neutral yes/no question on the symptom's state, ending "?", that
      still reads right with " now" before the "?" ("Does the page load?"). After the
      complaint it is a problem_question; after the reply (a fix was made) a resolution_check.
    - complaints: customer sentences describing the problem, no impact on their life.
    - fixed_ctx: customer sentences saying a fix was done or a step was carried out.
    - impact_ctx: customer sentences stating what the problem does to them.
    - activities: gerund phrase after "stopping you from" ("working from home").
    - costs: noun after "costing you" ("sales").
    - areas: noun phrase after "affecting" ("your business").
    - fixes: (base, past) verb phrases: "I'll <base>." / "I've <past>."
    - steps: (imperative, gerund) customer actions: "Could you <imp>?" / "Have you tried <ger>?"
    - ids: identifier nouns after "your" ("account number").
    - locate_qs: questions that locate the fault (which branch, which order, which device).
    - waits: (process, duration) pairs for "<process> usually takes <duration>."
    - policies: policy or explanation statements.
    - teams: escalation targets with their article ("our network team").
    """

    name: str
    companies: tuple[str, ...]
    things: tuple[str, ...]
    issues: tuple[str, ...]
    symptoms: tuple[tuple[str, str, str], ...]
    complaints: tuple[str, ...]
    fixed_ctx: tuple[str, ...]
    impact_ctx: tuple[str, ...]
    activities: tuple[str, ...]
    costs: tuple[str, ...]
    areas: tuple[str, ...]
    fixes: tuple[tuple[str, str], ...]
    steps: tuple[tuple[str, str], ...]
    ids: tuple[str, ...]
    locate_qs: tuple[str, ...]
    waits: tuple[tuple[str, str], ...]
    policies: tuple[str, ...]
    teams: tuple[str, ...]
