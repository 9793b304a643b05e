"""Write examples/batch/responses.csv: 200 made-up answers to a Google Form built on the advisor's questions.

The form's author reworded most questions and shortened most options, as
people do ("1-10" for "1 to 10", "Growing" for "Growing: sales are
repeatable..."), so ``advisor batch --make-map`` has real guessing to do.
The file looks like a Google Forms export: a Timestamp, an email address,
the checkbox answers of one question joined by ", ", blank cells where a
section was skipped (the rep questions, for a company without reps), and a
free-text question at the end. Respondents come from a few kinds of company
(early, selling with reps, several revenue teams, both), so the verdicts
vary; one respondent typed 12000 reps, which the rules' bounds refuse.

Deterministic (fixed seed): ``python examples/batch/generate.py`` rewrites
the same file byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = 200
SEED = 13

# (the form's column title, the question id, the form's labels in the ruleset's option order)
FORM = [
    ("Where is your company today?", "company_stage",
     ["Not selling yet (idea / prototype)", "First paying customers", "Growing: sales are repeatable",
      "Scaling: expanding teams or markets", "Mature / established"]),
    ("How many people sell full time?", "sales_reps", None),
    ("Company size (people, founders included)", "company_size", ["1-10", "11-50", "51-200", "201-1,000", "1,000+"]),
    ("How much of an audience do you own today?", "marketing_reach",
     ["None yet", "Small (a few hundred contacts)", "Moderate", "Strong"]),
    ("How do you mainly sell today?", "sales_motion",
     ["The founders do most of the selling", "Inside sales: reps sell by phone, email and video",
      "Field sales: reps meet buyers in person", "Self-serve: customers sign up and pay on their own",
      "A mix of self-serve and sales-assisted deals", "We are not selling yet"]),
    ("How well does direct selling work for you today?", "direct_sales_results",
     ["Poorly", "Mixed", "Well", "Very well"]),
    ("How big a decision is buying your product?", "product_complexity", ["Small", "Considered", "Major"]),
    ("Typical first-year spend per customer (USD)", "deal_size",
     ["Under $1,000", "$1,000-$9,999", "$10,000-$50,000", "Over $50,000"]),
    ("How long does a typical sale take?", "sales_cycle", ["Days", "A few weeks", "1-3 months", "Over 3 months"]),
    ("What share of a rep's week goes on admin?", "rep_admin_share", ["Under 10%", "10-19%", "20-35%", "Over 35%"]),
    ("How many reps regularly miss their targets?", "reps_below_target",
     ["Few or none", "Some (less than half)", "About half", "Most"]),
    ("How long do new reps take to sell well?", "rep_training",
     ["Weeks: skills are solid", "Ramp-up is slow, some need coaching", "Months: many need more training"]),
    ("How do your reps find their deals?", "rep_reactivity",
     ["Mostly proactively: they prospect and follow up on their own",
      "They answer incoming leads: that is their job",
      "A mix: some prospect, others wait for leads though they should not",
      "Mostly reactively: they wait for leads, though they should go after deals"]),
    ("Is there a plan to get reps prospecting again?", "reactivity_plan", ["Yes", "No"]),
    ("How hard is it to build an audience in your industry?", "audience_building_difficulty",
     ["Easy", "Possible with steady effort", "Hard"]),
    ("How fast does your market change?", "market_pace", ["Slowly", "Noticeably", "Fast"]),
    ("How long will the customers you can reach keep you busy?", "lead_runway",
     ["Years", "About a year", "A few months", "We are already running out"]),
    ("Which teams do you have besides sales?", "revenue_teams",
     ["Marketing", "Customer success", "Customer support", "Product"]),
    ("How well do your teams share information about leads and customers?", "team_communication",
     ["Smoothly", "Some friction", "Frequent problems", "Not sure, we have never looked"]),
    ("What does sales think of marketing's leads?", "lead_quality", ["Good", "Mixed", "Poor"]),
    ("Do your teams work from the same customer data and tools?", "tools_split",
     ["Yes, one shared system", "Partly", "No, each team has its own"]),
    ("Where do you want to improve how you bring in revenue?", "growth_ambition",
     ["In sales only", "Sales and marketing together", "Every revenue team, customer success included"]),
    ("Besides new customers, where should revenue grow?", "revenue_sources",
     ["Keeping more customers", "Selling more to current customers (upsell, cross-sell)",
      "New customer segments or markets"]),
    ("Do you have a long-term growth strategy?", "growth_strategy",
     ["Yes, and someone tracks it", "Yes, but nobody tracks it", "No"]),
    ("How is revenue growth going?", "revenue_trend",
     ["Growing as planned", "Stalled or slowing, and we know why", "Stalled or slowing, and we don't know why"]),
    ("Can you tell which channels bring in your revenue?", "revenue_attribution", ["Yes", "Roughly", "No"]),
    ("Could you fund two new operations functions next year?", "budget",
     ["Only one, for now", "Yes, both", "Not sure yet"]),
    ("Plans for your sales team", "rep_future",
     ["Hire more reps", "Keep the team about the size it is", "Move toward self-serve and rely less on reps"]),
]
REP_QUESTIONS = {"rep_admin_share", "reps_below_target", "rep_training", "rep_reactivity", "reactivity_plan",
                 "rep_future"}
# Higher option index = more of the pain each side's team fixes (the ruleset orders these options so).
SALES_PAIN = {"rep_admin_share", "reps_below_target", "rep_training", "rep_reactivity"}
REVENUE_PAIN = {"team_communication", "lead_quality", "tools_split", "revenue_attribution", "growth_ambition",
                "market_pace", "audience_building_difficulty"}

# kind: (weight, stage indices, reps range, sales pain, revenue pain, chance of each other team)
KINDS = {
    "early": (3, (0, 1), (0, 1), 0.1, 0.1, 0.15),
    "sales_team": (4, (1, 2, 3), (4, 30), 0.85, 0.05, 0.25),
    "revenue_teams": (4, (2, 3, 4), (0, 0), 0.0, 0.85, 0.85),
    "both": (3, (3, 4), (10, 80), 0.8, 0.8, 0.9),
    "steady": (2, (2, 4), (2, 12), 0.05, 0.05, 0.6),
}
CALM = {"revenue_trend": 0, "growth_strategy": 0, "lead_runway": 0}  # a kind without pain: the first option, mostly
FIRST = ["Ana", "Ben", "Chloe", "Diego", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Lars",
         "Maya", "Nico", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yara"]
LAST = ["Alves", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hale", "Ito", "Jensen", "Khan",
        "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Quiroga", "Rossi", "Silva", "Tanaka", "Weber", "Zhou"]
COMPANY_WORDS = (["Harbor", "Northwind", "Bluefin", "Cedar", "Lumen", "Orbit", "Pine", "Quartz", "Riverstone",
                  "Summit", "Tidal", "Vantage", "Willow", "Zenith", "Atlas", "Beacon"],
                 ["Analytics", "Labs", "Software", "Health", "Logistics", "Robotics", "Foods", "Energy", "Learning",
                  "Security", "Studio", "Systems"])
COMMENTS = ["", "", "", "", "Happy to talk more.", "We tried a RevOps hire last year, it didn't stick.",
            "Sales and marketing argue about lead quality every week", "Budget depends on the next round."]


def pick(rng: random.Random, labels: list[str], pain: float) -> str:
    """An option near ``pain`` (0: the first option, 1: the last), with some noise."""
    index = round(pain * (len(labels) - 1) + rng.gauss(0, 0.7))
    return labels[min(max(index, 0), len(labels) - 1)]


def respondent(rng: random.Random, kind: str) -> dict[str, str]:
    _, stages, (low, high), sales_pain, revenue_pain, team_chance = KINDS[kind]
    stage = rng.choice(stages)
    reps = rng.randint(low, high)
    answers: dict[str, str] = {}
    for title, qid, labels in FORM:
        if qid in REP_QUESTIONS and reps == 0:
            continue  # the form's branching skipped the rep section
        if labels is None:
            answers[title] = str(reps)
        elif qid == "company_stage":
            answers[title] = labels[stage]
        elif qid == "company_size":
            answers[title] = labels[min(4, max(0, stage - 1 + (reps > 20) + rng.randint(0, 1)))]
        elif qid == "revenue_teams":
            ticked = [label for label in labels if rng.random() < team_chance]
            if rng.random() < 0.03:
                ticked.append("Partnerships")  # Google Forms' "Other:" box, filled in
            answers[title] = ", ".join(ticked)
        elif qid == "revenue_sources":
            answers[title] = ", ".join(label for label in labels if rng.random() < 0.45)
        elif qid == "sales_motion":
            answers[title] = labels[0] if stage <= 1 and reps == 0 else labels[rng.choice((1, 2, 4) if reps
                                                                                          else (0, 3))]
        elif qid in SALES_PAIN:
            answers[title] = pick(rng, labels, sales_pain)
        elif qid in REVENUE_PAIN:
            answers[title] = pick(rng, labels, revenue_pain)
        elif rng.random() < 0.06:
            continue  # not every question is required
        elif qid in CALM and max(sales_pain, revenue_pain) < 0.5 and rng.random() < 0.8:
            answers[title] = labels[CALM[qid]]
        else:
            answers[title] = rng.choice(labels)
    return answers


def main(target: Path = HERE / "responses.csv") -> None:
    rng = random.Random(SEED)
    kinds = [kind for kind, spec in KINDS.items() for _ in range(spec[0])]
    companies = sorted({f"{a} {b}" for a in COMPANY_WORDS[0] for b in COMPANY_WORDS[1]})
    rng.shuffle(companies)
    companies = companies[:70]
    company_kind = {company: rng.choice(kinds) for company in companies}
    header = ["Timestamp", "Email address", "Company name", "Your name", *(title for title, _, _ in FORM),
              "Anything else you would like to tell us?"]
    when = dt.datetime(2026, 11, 2, 9, 0, 0)
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for number in range(ROWS):
            when += dt.timedelta(seconds=rng.randint(60, 5400))
            company = rng.choice(companies)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            answers = respondent(rng, company_kind[company])
            if number == 57:
                answers["How many people sell full time?"] = "12000"  # meant 12: the rules' bounds refuse it
            stamp = f"{when.month}/{when.day}/{when.year} {when.hour}:{when.minute:02d}:{when.second:02d}"
            domain = company.lower().replace(" ", "") + ".example"
            writer.writerow([stamp, f"{first.lower()}.{last.lower()}@{domain}", company, f"{first} {last}",
                             *(answers.get(title, "") for title, _, _ in FORM), rng.choice(COMMENTS)])
    print(f"wrote {target} ({ROWS} rows)")


if __name__ == "__main__":
    main()
