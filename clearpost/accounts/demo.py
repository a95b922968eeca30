"""The demo firm's cast, shared by `seed-demo` and `sandbox-seed`."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "clearpost-demo"  # noqa: S105 - documented demo login, only ever seeded by seed-demo


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    role: str
    branch: str = ""
    crd: str = ""

    @property
    def handle(self) -> str:
        return self.username.replace(".", "_")


REGIONS = [("east", "East region"), ("west", "West region")]
BRANCHES = [
    ("boston", "Boston branch", "east"),
    ("chicago", "Chicago branch", "east"),
    ("denver", "Denver branch", "west"),
]

_FIRST = ["Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Gray", "Harper", "Indy", "Jordan", "Kai", "Logan",
          "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sawyer", "Taylor", "Umi", "Val", "Wren", "Xan",
          "Yael"]
_LAST = ["Adams", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez",
         "Meyer", "Nolan", "Ortiz", "Patel", "Quint", "Rossi", "Singh", "Tran", "Ueda", "Vance", "Weiss", "Xu",
         "Young"]

DEMO_ADVISORS = [
    DemoPerson(f"advisor{i + 1}", f"{_FIRST[i]} {_LAST[i]}", "advisor", BRANCHES[i % 3][0], f"{7_100_000 + i * 37}")
    for i in range(25)
]
# The first twenty advisors form the X compose pilot (the story's ~20 free-composition pilot on Twitter).
X_COMPOSE_PILOT = [a.username for a in DEMO_ADVISORS[:20]]

DEMO_STAFF = [
    DemoPerson("principal1", "Patricia Principal", "principal", "boston", "2900101"),
    DemoPerson("principal2", "Pedro Principal", "principal", "denver", "2900202"),
    DemoPerson("supervisor1", "Sam Supervisor", "supervisor", "boston", "2900303"),
    DemoPerson("compliance1", "Chris Compliance", "compliance_admin"),
    DemoPerson("auditor1", "Alex Auditor", "auditor"),
    DemoPerson("admin1", "Ada Admin", "admin"),
]

DEMO_COURSE = "social-media-policy"
DEMO_COURSE_TEXT = """Why the firm supervises social media, in twenty minutes.

1. Every business post is a communication with the public (FINRA 2210): it is screened, and where the firm says so,
   approved by a registered principal before it goes out.
2. Never promise returns, never call anything risk-free or guaranteed unless it truly is (FDIC insurance, a
   Treasury), and never present one good result as typical.
3. Keep clients on approved channels: no WhatsApp, Signal, personal texts or personal e-mail for business.
4. Never post a client's name with their holdings, balances or account details.
5. Replies and messages you receive are captured and supervised; a complaint is escalated to compliance.
6. Everything you post and receive is archived for years. Nothing can be deleted from the archive."""

# A history for the demo: texts that go through the whole loop when seeded.
DEMO_HISTORY = [
    ("approve", "Happy Thanksgiving from all of us at the Boston branch! Grateful for our clients and community."),
    ("approve", "Reminder: our free retirement-planning workshop is Thursday at 6pm at the public library. "
                "All welcome."),
    ("approve", "Five habits that help with budgeting: track spending, automate savings, review subscriptions, "
                "build an emergency fund, and revisit your plan each year."),
    ("approve", "Check any financial professional's background for free on FINRA BrokerCheck before you invest."),
    ("approve", "Proud to volunteer at the Denver food bank this weekend with our whole team."),
    ("approve", "What is a Roth IRA? In short, contributions are made after tax. Ask us how retirement accounts work."),
    ("approve", "Our office will be closed Monday for the holiday. Enjoy the long weekend!"),
    ("approve", "Welcome to Jordan, who joins our Chicago team as a client service associate this week."),
    ("reject", "This fund is guaranteed to return 12% a year — you can't lose!"),
    ("reject", "DM me on WhatsApp for my best stock picks, faster than email."),
    ("reject", "Our strategy beat the market every single year. Zero risk, all upside."),
    ("review", "I think rates are likely to fall next year, which could help bond prices."),
    ("review", "Thinking about $AAPL after earnings: still a core holding for many long-term investors."),
    ("review", "Great read from a financial newspaper on market volatility: https://example-news.com/markets/volatility"),
    ("approve", "Tax season tip: gather your W-2s and 1099s early and ask your preparer about deadlines."),
    ("approve", "Congratulations to our colleague Morgan on 20 years with the firm!"),
]
