"""Rule families added as fresh texts kept slipping past, each with harmless neighbours: keyword-free customer
complaints, "never lost" and beat-the-index-every-year claims, implied celebrity endorsements, local-government
MNPI, returns stated in words, named annuity and 529 products, personal-webmail steers, recovery scams, talk
about the testimonial rule, market moves that are not rates offered.

Rules only (``learned=None``): these pin the baseline rule data, not the learned stage.  Written fresh, not
copied from the probe files the rules were fitted to (bench/rules_probe5-7.jsonl)."""

from __future__ import annotations

import pytest

from clearpost.policy.engine import Engine
from clearpost.policy.tests.engines import rules_only


@pytest.fixture(scope="module")
def engine() -> Engine:
    return rules_only()


# (direction, text, verdict, categories the verdict must carry; none for approve / ok)
COMPLAINTS_CLAIMS_ENDORSEMENTS_MNPI: list[tuple[str, str, str, set[str]]] = [
    (
        "inbound",
        "At signing you told my wife there was no exit fee. Now they're keeping 6% of her own money.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "There are a bunch of buys and sells in my Roth from May that I don't recall us discussing. "
        "Can you walk me through them?",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "my grandpa is 87 and ended up in a 12-year annuity he can't touch. how did that happen",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "Asked for the rollover to my new employer plan back in April. Still waiting on it.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Usted me aseguró que no había penalización. Me cobraron el 8%.", "complaint", {"complaint"}),
    (
        "inbound",
        "Le transfert a été demandé il y a longtemps et vous ne l'avez jamais fait.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Your rep keeps phoning my elderly aunt. She's not your client, please stop.", "flag", {"complaint"}),
    ("inbound", "Left my umbrella at your office after the meeting. Is it still there?", "ok", set()),
    ("inbound", "How do surrender periods on fixed annuities usually work?", "ok", set()),
    (
        "outgoing",
        "Eighteen years of advising and not one client of mine has finished a year in the red.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    ("outgoing", "Nobody can promise you'll never have a losing year; plan for the ones that come.", "approve", set()),
    (
        "outgoing",
        "If our dividend ladder works for a Hall of Fame quarterback's family office, it works for yours.",
        "reject",
        {"misleading", "testimonial"},
    ),
    ("outgoing", "Good enough for Oprah's money team, good enough for you.", "reject", {"misleading", "testimonial"}),
    (
        "outgoing",
        "Dolly Parton's book program reached our town library this spring. Wonderful to see.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "My cousin on the planning commission says the battery plant is going to the north parcel. "
        "Ask me about land plays.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "A contact at the state agency hinted the permit gets approved next week. Position accordingly.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "The planning commission holds a public hearing on the battery plant site on the 12th.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Our core model has outperformed the S&P 500 in every single calendar year since inception.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    (
        "outgoing",
        "Not one year since launch where our strategy lagged its benchmark.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    ("outgoing", "Beating the market every year isn't realistic for anyone; keep costs low instead.", "approve", set()),
    ("outgoing", "Our volunteers topped their food bank fundraising goal every year since 2018!", "approve", set()),
]

FIGURES_PRODUCTS_CHANNELS: list[tuple[str, str, str, set[str]]] = [
    (
        "outgoing",
        "Our dividend sleeve returned about thirteen percent after fees in 2022.",
        "review",
        {"performance_claim"},
    ),
    (
        "outgoing",
        "The income composite outpaced its benchmark by three percentage points last year.",
        "review",
        {"performance_claim"},
    ),
    (
        "outgoing",
        "Clients in our balanced portfolios saw holdings grow by almost a third since 2021.",
        "review",
        {"performance_claim"},
    ),
    ("outgoing", "Turnout at our spring workshop was up thirty percent, thank you all for coming!", "approve", set()),
    ("outgoing", "Our volunteers grew by half this year and the pantry shelves are full.", "approve", set()),
    (
        "outgoing",
        "We've been placing some retirees in a Midland National fixed indexed annuity lately.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Ask me about the Allianz 360 if lifetime income is on your mind.", "review", {"specific_security"}),
    (
        "outgoing",
        "I joined Corebridge as an agent last spring and I love explaining how annuities work.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Microsoft's 2032 bonds still look reasonable to us for conservative accounts.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Grabbed coffee at the Apple store before the seminar this morning.", "approve", set()),
    (
        "outgoing",
        "Nevada families: the ScholarShare 529 isn't yours, but my529 is open to everyone.",
        "review",
        {"specific_security"},
    ),
    (
        "outgoing",
        "Forward the trust papers to my hotmail instead so it stays out of the firm system.",
        "reject",
        {"off_channel"},
    ),
    ("outgoing", "Remember when my Yahoo homepage had the weather and horoscopes? Simpler times.", "approve", set()),
    (
        "inbound",
        "I've seen the internal numbers at my employer and the quarter is a disaster. Sell now.",
        "flag",
        {"mnpi"},
    ),
    (
        "inbound",
        "Scammed by a fake broker? Our recovery experts can get your funds back in days.",
        "flag",
        {"promissory"},
    ),
    (
        "inbound",
        "I told you in May to sell the tech fund. Still holding, still losing. Explain.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "You sold my mom a variable annuity at 84 and now she can't touch her own money.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Where can I find the form to update my mailing address?", "ok", set()),
    ("inbound", "How long should I keep old bank statements and tax records?", "ok", set()),
    ("outgoing", "Become a millionaire in ten years with my method, I guarantee it.", "reject", {"promissory"}),
    ("outgoing", "How to retire a millionaire: spend less than you earn, for a long time.", "approve", set()),
    ("outgoing", "Series EE savings bonds are backed by the U.S. Treasury.", "review", {"guarantee"}),
    (
        "outgoing",
        "What's an HSA? It is a tax-advantaged account paired with a high-deductible health plan.",
        "approve",
        set(),
    ),
]

EVERYDAY_VOICES: list[tuple[str, str, str, set[str]]] = [
    ("outgoing", "Find me on the app with the little phone in the green speech bubble.", "reject", {"off_channel"}),
    ("outgoing", "Market swings can only move your money one way: up.", "reject", {"guarantee"}),
    ("outgoing", "some of y'all are d1psh1ts about index funds. fight me.", "reject", {"profanity"}),
    (
        "outgoing",
        "Down year in your taxable account? Sell the loser and book the loss against gains.",
        "review",
        {"tax_advice"},
    ),
    (
        "outgoing",
        "The Marketing Rule now lets advisers use testimonials, with disclosures. That's the whole change.",
        "approve",
        set(),
    ),
    ("outgoing", "honestly the envelope method changed my life. cash in envelopes, no overspending.", "approve", set()),
    (
        "outgoing",
        "Some advisors will tell you they outperform every single year. Ask for the audited numbers.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Stocks are down 2.5% this morning. Nothing in a long-term plan changes on a Tuesday.",
        "approve",
        set(),
    ),
    ("outgoing", "Anybody guaranteeing you 15% a year is about to meet a regulator.", "approve", set()),
    ("outgoing", "An irrevocable trust doesn't avoid taxes on its own. The drafting matters.", "approve", set()),
    ("outgoing", "We charge absolutely nothing for the estate-planning workshop on Saturday.", "approve", set()),
    (
        "outgoing",
        "Our dividend sleeve outpaced the Russell 1000 Value by 3.4% last year, net of fees.",
        "review",
        {"performance_claim"},
    ),
    ("outgoing", "The tactical model finished positive in 11 of the last 12 years.", "review", {"performance_claim"}),
    ("outgoing", "Been nibbling at Merck all week. Valuation looks silly.", "review", {"specific_security"}),
    ("outgoing", "'You're the reason I retired on time' - a client at her farewell lunch.", "review", {"testimonial"}),
    ("outgoing", "Reposted this Reuters piece on muni defaults, worth your time.", "review", {"third_party_content"}),
    (
        "outgoing",
        "Stay with us and your retirement savings will double. I've watched it happen.",
        "reject",
        {"promissory"},
    ),
    (
        "outgoing",
        "Lovely visit with Edna Morales, 88, since the stroke we moved her money into the trust.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "gaurenteed 8% on our income fund, better than any CD out there", "reject", {"guarantee"}),
    ("outgoing", "We charge absolutely nothing to run your portfolio.", "reject", {"misleading"}),
    ("inbound", "Thank you for not being pushy at the annuity seminar, refreshing.", "ok", set()),
    ("inbound", "Honestly the phone beats the app every time for me.", "ok", set()),
    ("inbound", "you people are liars and clowns", "flag", {"profanity"}),
    ("inbound", "I inherited an IRA from my aunt, do I have to take withdrawals every year?", "flag", {"tax_advice"}),
    (
        "inbound",
        "A transferência da conta do meu pai está parada há meses e ninguém me responde.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Vocês cobraram taxas que nunca me explicaram. Quero uma explicação.", "complaint", {"complaint"}),
    # signed returns with a model or a period; "net of fees" / "after fees" no longer excuse a figure
    (
        "outgoing",
        "Our Global Balanced model: +7.2% for calendar 2024, net of fees.",
        "review",
        {"performance_claim"},
    ),
    (
        "outgoing",
        "The value composite came in at −2.4% YTD vs −5.9% for its benchmark.",
        "review",
        {"performance_claim"},
    ),
    ("outgoing", "Muni sleeve finished the year +3.1% after fees.", "review", {"performance_claim"}),
    ("outgoing", "Dow +0.6% today after the CPI print. Nothing to do.", "approve", set()),
    # principal protection paraphrases; an accurate annuity guarantee is review; a registered principal is a person
    ("outgoing", "In our plan your principal doesn't budge, whatever stocks do.", "reject", {"guarantee"}),
    (
        "outgoing",
        "A MYGA's principal is guaranteed subject to the issuer's claims-paying ability; surrender charges apply.",
        "review",
        {"guarantee"},
    ),
    ("outgoing", "Our principal won't budge on expense reports, sorry team.", "approve", set()),
    # off-channel steers in Portuguese and Spanish
    ("outgoing", "Bora falar de previdência? Me chama pelo Zap.", "reject", {"off_channel"}),
    ("inbound", "Prefiero que me escribas al whats, casi no uso esta app.", "flag", {"off_channel"}),
    # negated or warned claims
    ("outgoing", "Nadie puede prometerte que la bolsa subirá el año que viene.", "approve", set()),
    ("outgoing", "Investimento garantido não existe. Quem promete isso está mentindo.", "approve", set()),
    # slang and self-descriptions that are not insults
    ("outgoing", "Rough week in the markets? Put the phone down and touch grass.", "approve", set()),
    ("outgoing", "You'll never feel dumb asking us a question. That's a promise.", "approve", set()),
    # no-loss claims in hashtags and slang
    (
        "outgoing",
        "Another calendar year done for our clients #NeverHadALosingYear",
        "reject",
        {"misleading", "performance_claim"},
    ),
    ("outgoing", "my clients don't do down years, period.", "reject", {"misleading"}),
    # rankings, obfuscated; an event named after an age group is not one
    ("outgoing", "Humbled to be named to the 40 Und3r 40 list this year.", "review", {"testimonial"}),
    ("outgoing", "Join our 40 under 40 networking night for young families on Thursday.", "approve", set()),
    # a quotation signed as a client's
    ("outgoing", "'Calmest voice in a crazy market.' - one of our longtime clients", "review", {"testimonial"}),
    ("outgoing", "Met a new client today - a teacher from Ohio. Welcome aboard!", "approve", set()),
    # off-channel said indirectly; a firm's channel warning is not steering
    (
        "outgoing",
        "Our planners will happily keep in touch through their personal messaging apps.",
        "reject",
        {"off_channel"},
    ),
    ("inbound", "Could I write to your own email rather than the work one?", "flag", {"off_channel"}),
    (
        "outgoing",
        "We only do business by firm email and the client portal. If someone texts you as us, it's not us.",
        "approve",
        set(),
    ),
    # a named client with an amount, an age or a health fact
    (
        "outgoing",
        "Cheers to Bob Kaminski, 67, who rolled over $410,000 into his IRA with us this week!",
        "reject",
        {"pii"},
    ),
    (
        "outgoing",
        "Our client Gladys Moreno starts chemotherapy Monday; we've reorganized her portfolio for income.",
        "reject",
        {"pii"},
    ),
    # named proprietary programs; a product type explained stays approve
    (
        "outgoing",
        "Introducing Riverbend Core Managed Portfolios, available from a $25,000 minimum.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Nothing is free: every fund charges an expense ratio, so read the fee table.", "approve", set()),
    # superlatives said without a keyword
    ("outgoing", "We're the #1 independent adviser in the county.", "reject", {"misleading"}),
    ("outgoing", "No one in this state does it better than our team.", "reject", {"misleading"}),
    # FDIC attributed to bond funds; insider hints
    ("outgoing", "All our bond funds are FDIC insured, so relax.", "reject", {"misleading"}),
    (
        "inbound",
        "Not supposed to tell anyone, but I work in the lab and the trial data readout next month is huge.",
        "flag",
        {"mnpi"},
    ),
    # idioms that are not claims
    ("outgoing", "Can't lose with this chili recipe at Sunday's tailgate.", "approve", set()),
    ("outgoing", "Reminder: out-of-the-money options can expire worthless.", "approve", set()),
    # a loss blamed on the adviser in broken English
    (
        "inbound",
        "You say me this fund good for retire. Now I lose 40 percent. Who will pay for this?",
        "complaint",
        {"complaint"},
    ),
    # an absolute no-loss or lifetime rate inside an annuity pitch stays reject; an accurate term guarantee is review
    (
        "outgoing",
        "Buy the Summit Growth Annuity today: no chance of losing principal and you lock in 6% every year for life. "
        "Guarantees are subject to the insurer's claims-paying ability.",
        "reject",
        {"guarantee", "promissory"},
    ),
    (
        "outgoing",
        "Our 3-year MYGA locks in 5.25% for the full term, backed by the issuer's claims-paying ability.",
        "review",
        {"guarantee"},
    ),
    # certainty of a multiple, beside a price target; impact pitches that promise returns at no cost
    ("outgoing", "Screenshot this: $PLTR doubles before year end. Price target 60.", "reject", {"promissory"}),
    (
        "outgoing",
        "With our Blue Planet ESG portfolio you'll outperform the market and help the oceans.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "Our sustainable portfolios never sacrifice returns for values.", "reject", {"misleading"}),
    # retold client praise in single quotes; a client journey told in figures
    ("outgoing", "A nurse we work with told us, 'You took the fear out of my retirement.'", "review", {"testimonial"}),
    (
        "outgoing",
        "She started with us in 2012 with $18,000 in her 401(k); today it's $265,000.",
        "review",
        {"performance_claim"},
    ),
    # refusing to predict, fee comparisons, fund mechanics and a scam warning quoting the scam's rate
    ("outgoing", "We won't promise what rates do this year. We will promise a plan.", "approve", set()),
    ("outgoing", "Expense ratios: 0.04% vs 0.75% looks tiny, but compounding makes the gap large.", "approve", set()),
    (
        "outgoing",
        "A mutual fund must distribute most of its realized gains each year, which can create a tax bill.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Posts claiming our parish runs a 'covenant pool' that cannot lose and pays 3% a week are fake. "
        "We didn't send them.",
        "approve",
        set(),
    ),
]


ROUND11_FAMILIES = [
    # typical returns and 'you're being cheated' claims; savings rates and tenure stay approve
    ("outgoing", "The retirees we advise typically net 15% a year. Ask them yourself.", "reject", {"misleading"}),
    (
        "outgoing",
        "Our typical client makes around 17% annually, and that's just normal for us.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Still earning under 11% a year? Your advisor is ripping you off.", "reject", {"misleading"}),
    ("outgoing", "Most of our clients typically put 12% of pay into their 401(k).", "approve", set()),
    ("outgoing", "Our average client has been with us for 11 years.", "approve", set()),
    # a best period presented as what to expect; a best and worst year side by side is review
    ("outgoing", "Our record quarter (+17%) is what new clients can look forward to.", "reject", {"misleading"}),
    ("outgoing", "2019 gave us +38%. That's the kind of year you can expect when you join.", "reject", {"misleading"}),
    ("outgoing", "Our strongest year was +24% and our weakest was -15%. Expect both.", "review", {"performance_claim"}),
    # slang price targets asserted as certain; a past price and a printable checklist are not
    ("outgoing", "Quote me: DOGE $2 by spring.", "reject", {"promissory"}),
    ("outgoing", "$AMZN 300 by August. Print this tweet.", "reject", {"promissory"}),
    ("outgoing", "XRP to $8. That's it, that's the post.", "reject", {"promissory"}),
    ("outgoing", "Bitcoin dropped to $30k in 2023, a reminder that volatility cuts both ways.", "review", {"crypto"}),
    ("outgoing", "Print this checklist and keep it with your will.", "approve", set()),
    # channel warnings, debunked free money, charts that only go up, a crypto event that is coming
    ("outgoing", "Anyone posing as our staff on Telegram is a fraud. Block them and call us.", "approve", set()),
    ("outgoing", "Text me on my personal cell tonight, it's quicker.", "reject", {"off_channel"}),
    (
        "outgoing",
        "If a trade sounds like free money, someone else usually knows something you don't.",
        "approve",
        set(),
    ),
    ("outgoing", "Selling puts on this ETF is free money, trust me.", "reject", {"guarantee"}),
    ("outgoing", "Be careful with any slide deck built around a graph that only goes up.", "approve", set()),
    (
        "outgoing",
        "The next Ethereum upgrade is coming soon. It's volatile; keep any position small.",
        "review",
        {"crypto"},
    ),
    # consumer .gov links, the health-insurance marketplace, a definition sent to a preparer, refusals
    ("outgoing", "Disaster prep for your finances: documents and insurance lists at ready.gov.", "approve", set()),
    ("outgoing", "Losing job-based coverage? Compare marketplace plans during special enrollment.", "approve", set()),
    (
        "outgoing",
        "Term of the week: a QCD means giving from your IRA to charity. Ask your tax preparer if it fits.",
        "approve",
        set(),
    ),
    ("outgoing", "Do a Roth conversion this year while your income is low.", "review", {"tax_advice"}),
    ("outgoing", "Which way is the market going next? I don't know, and nobody else does either.", "approve", set()),
    # relatives' debts and confusion are not complaints; industry criticism that spares the firm; bystanders
    ("inbound", "lol my uncle is still paying off his camper, great thread", "ok", set()),
    ("inbound", "I'm a bit lost between the Roth options, any good beginner articles?", "ok", set()),
    ("inbound", "I'm lost on why you moved my IRA into an annuity without asking.", "complaint", {"complaint"}),
    ("inbound", "Advisory fees across the whole industry are too high, nothing personal.", "ok", set()),
    ("inbound", "Your advisory fee doubled this year and nobody told me why.", "complaint", {"complaint"}),
    ("inbound", "We aren't clients, but the rep at your seminar mocked my dad's questions.", "flag", {"complaint"}),
]


ROUND12_FAMILIES = [
    # an outcome promised with a fee refund behind it; a refund for an unhappy service experience is not
    (
        "outgoing",
        "Mortgage-free by 55 or we give you back every advisory fee you paid.",
        "reject",
        {"guarantee", "promissory"},
    ),
    (
        "outgoing",
        "You'll be a millionaire in ten years, guaranteed. If not, full refund of our fees.",
        "reject",
        {"promissory"},
    ),
    (
        "outgoing",
        "Not thrilled after your first planning meeting? Cancel within 30 days and we refund it.",
        "approve",
        set(),
    ),
    # certainty about client results without 'will'; an admitted guess stays a hedged forecast
    (
        "outgoing",
        "All of my clients are up double digits by next summer. Not a guess. A fact.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "Our clients beat the index in 2027, period. That's a fact, not a guess.", "reject", {"promissory"}),
    ("outgoing", "My guess is rates drift lower next year, but it's only a guess.", "review", {"forecast"}),
    # a client's e-mail address beside what they hold; the firm's own address is fine
    ("outgoing", "A client (rita.vance@examplemail.com) asked me to dump her $PLTR before Friday.", "reject", {"pii"}),
    ("outgoing", "Clients: seminar slides will be sent from events@ourfirm.com this week.", "approve", set()),
    # tax-sheltering tips; a plain definition of an account stays education
    (
        "outgoing",
        "Dodge taxes on your Etsy income: park it in a SEP and deduct every dollar.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "Write off your boat as a second office. Ask me how.", "review", {"tax_advice"}),
    ("outgoing", "SEP IRA 101: a retirement account that self-employed people can open.", "approve", set()),
    # awards and rankings are third-party ratings; a kid's trophy is not
    ("outgoing", "Thrilled to be voted #1 wealth advisor in the Valley Times readers poll.", "review", {"testimonial"}),
    ("outgoing", "Humbled to be named a five-star wealth manager again this year.", "review", {"testimonial"}),
    ("outgoing", "Our son's robotics team won the regional title. So proud!", "approve", set()),
    # a named product with a buying cue; a generic purchase tip is not
    (
        "outgoing",
        "Series EE bonds double at 20 years; read the fine print before you buy.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Compare insurance quotes before you buy a new car.", "approve", set()),
    # inbound recovery spam; a victim asking for help is not spam
    (
        "inbound",
        "Bitcoin stolen by a fake exchange? Our recovery specialists retrieve it in 24 hours. DM us.",
        "flag",
        {"crypto"},
    ),
    ("inbound", "How can I get back money a scammer took from my mom?", "ok", set()),
    # 'dumb' about oneself or a thing; aimed at people it stays an insult
    ("outgoing", "I did something dumb today and locked my keys in the car.", "approve", set()),
    ("outgoing", "My stupid printer ate the seminar handouts again.", "approve", set()),
    ("outgoing", "People who buy annuities are stupid.", "reject", {"profanity"}),
    # a quoted list of things the firm will never say
    (
        "outgoing",
        "Phrases you'll never hear from us: 'no risk', 'get in before it's gone', 'a sure thing'.",
        "approve",
        set(),
    ),
    # scam warnings about off-channel apps
    (
        "outgoing",
        "Real advisors never ask you to move the chat to Signal. If they do, that's a scam.",
        "approve",
        set(),
    ),
    # 'my personal X' that is not a channel; a personal phone still is
    (
        "outgoing",
        "My personal take: boring portfolios win. My personal record: 14 years of index funds.",
        "approve",
        set(),
    ),
    ("outgoing", "Easier to reach me on my personal number after 6.", "reject", {"off_channel"}),
    # a definition with the standard disclaimer
    (
        "outgoing",
        "Rebalancing means trimming what grew. It does not guarantee a profit or protect against loss.",
        "approve",
        set(),
    ),
    # annuity glossary; everyday tax words; medical acronyms; consumer .gov pages
    (
        "outgoing",
        "Free-look period: the days after you purchase an annuity when you may cancel it for a refund.",
        "approve",
        set(),
    ),
    ("outgoing", "Payroll deductions on your pay stub, in plain English: what each line means.", "approve", set()),
    ("outgoing", "Thanks to the GME program directors who hosted our residents' money night.", "approve", set()),
    ("outgoing", "Crop insurance and farm loan basics are on fsa.usda.gov.", "approve", set()),
    # congratulations and nostalgia mentioning relatives; casual crypto remarks
    ("inbound", "Congrats on 30 years! My grandpa still has the pen you gave him in 1995.", "ok", set()),
    ("inbound", "ngl your take on bitcoin is very dad-core but respect", "ok", set()),
]


ROUND13_FAMILIES = [
    # a client's outcome offered as the reader's; a bare "you could be next" without a result is not
    ("outgoing", "A widow we advise went from $90k to $460k in eight years. So can you.", "reject", {"misleading"}),
    ("outgoing", "Our client turned $25,000 into $140,000 with us — that could be you!", "reject", {"misleading"}),
    ("outgoing", "You could be next to win the office fantasy league. Sign-ups close Friday.", "approve", set()),
    ("outgoing", "A retired nurse we work with went from $60k to $240k in 20 years.", "review", {"performance_claim"}),
    # crypto certainty and all-in urging without "will"; cautions stay below reject
    ("outgoing", "Dogecoin to $5, not if but when. Load up.", "reject", {"promissory"}),
    ("outgoing", "You'd be nuts not to put your entire savings into ethereum right now.", "reject", {"promissory"}),
    ("outgoing", "Never move your entire 401k into crypto; one asset can go to zero.", "review", {"crypto"}),
    ("outgoing", "It's only a matter of time before your car needs new tires: budget for it.", "approve", set()),
    # profanity drawn with emoji or masks
    ("outgoing", "That analyst's call is total bull💩.", "reject", {"profanity"}),
    ("outgoing", "what the f🦆 is this jobs number", "reject", {"profanity"}),
    ("inbound", "quit posting this b.s. excuse for advice", "flag", {"profanity"}),
    ("outgoing", "Quack! 🦆 Our team's rubber-duck race raised $2,000 for the food bank.", "approve", set()),
    ("outgoing", "Welcome Priya, who holds a B.S. in Economics, to our operations team.", "approve", set()),
    # an account fragment, masked or spaced, in a public post
    ("outgoing", "Happy 90th to T.o.m B.a.k.e.r, acct no. 4 4 1 8 2 7, our longest client!", "reject", {"pii"}),
    ("outgoing", "Call our main line at 555-0123 with any questions about your account.", "approve", set()),
    # consumer loan warnings quoting the lender's "guaranteed"
    ("outgoing", "Ads for guaranteed approval loans often hide guaranteed high fees. Compare.", "approve", set()),
    # contact-policy posts naming what is not used
    (
        "outgoing",
        "Reach us via the client portal or the office line. We do not accept trade requests by text or WhatsApp.",
        "approve",
        set(),
    ),
    # definitions, career data links, tax deadlines, statement walkthroughs
    (
        "outgoing",
        "Term of the week: a 'short squeeze' is when short sellers buy shares to cover, driving the price up.",
        "approve",
        set(),
    ),
    ("outgoing", "Job hunting? Median pay by occupation is at bls.gov/ooh.", "approve", set()),
    ("outgoing", "Fourth-quarter estimated tax payments are due January 15. Ask your preparer.", "approve", set()),
    # Chinese, Vietnamese and Korean grievances, instructions and channel requests
    ("inbound", "为什么这个月又重复收费了？打电话没人接。", "complaint", {"complaint"}),
    ("inbound", "Tôi bị trừ phí hai lần mà không ai giải thích.", "complaint", {"complaint"}),
    ("inbound", "관리비가 두 번 청구됐어요. 아무도 답이 없네요.", "complaint", {"complaint"}),
    ("inbound", "카카오톡으로 얘기해요", "flag", {"off_channel"}),
    ("inbound", "Chị muốn bán hết cổ phiếu Microsoft nhé.", "flag", {"specific_security"}),
    ("inbound", "请帮我卖掉所有的苹果股票。", "flag", {"specific_security"}),
    ("inbound", "感谢分享，祝周末愉快！", "ok", set()),
    ("inbound", "Bài viết hay quá, cảm ơn anh.", "ok", set()),
    # ordinary inbound remarks
    ("inbound", "Crypto bros in the replies, go.", "ok", set()),
    ("inbound", "Lost 25% on options this year, my own fault.", "ok", set()),
]


ROUND14_FAMILIES = [
    # partial SSN, health, trusts we manage next to a named client
    ("outgoing", "Cheers to Dana Whitfield (SSN ends in 6612) on her retirement party!", "reject", {"pii"}),
    ("outgoing", "Keep Mr. Alvarez in your prayers after his stroke; we've paused his RMD for now.", "reject", {"pii"}),
    (
        "outgoing",
        "The Pemberton family, whose $120M across four trusts we oversee, joined us for dinner.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Shred old mail that shows the last four of your SSN.", "approve", set()),
    # rewards offered for reviews
    (
        "outgoing",
        "Everybody who leaves a five-star review gets a $25 coffee card from our team.",
        "reject",
        {"misleading"},
    ),
    (
        "outgoing",
        "Post a review on Google this month and get entered into a drawing for an iPad!",
        "reject",
        {"misleading"},
    ),
    # SIPC misstatements; the accurate version
    ("outgoing", "Stocks sliding? SIPC covers your investment losses, so sleep easy.", "reject", {"misleading"}),
    (
        "outgoing",
        "SIPC steps in when a brokerage fails; it does not cover a drop in your investments.",
        "approve",
        set(),
    ),
    # government agencies named as endorsing the firm
    (
        "outgoing",
        "Our pension rollover service is endorsed by the Department of Veterans Affairs.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Medicare approves our retirement income plans.", "reject", {"misleading"}),
    # exclusive claims that disparage every competitor
    (
        "outgoing",
        "No other firm in town really gets farmers. Everybody else is just in it for the commissions.",
        "reject",
        {"misleading"},
    ),
    # a forecast with "guaranteed" tacked on; a promised annuity rate
    ("outgoing", "Gold is going to $3,000 before year end, guaranteed.", "reject", {"guarantee", "promissory"}),
    ("outgoing", "Forget bonds: this indexed annuity will pay you 9% a year, locked in.", "reject", {"promissory"}),
    # insider-term definitions, lists of things the firm never does, scam notes with the office number
    ("outgoing", "What is a blackout period? Weeks when company insiders may not trade the stock.", "approve", set()),
    (
        "outgoing",
        "Things we will never do: promise a return, or ask you to chat on Signal. Anyone who does is not us.",
        "approve",
        set(),
    ),
    ("outgoing", "We never text links about your account. Unsure? Call the front desk at 555-0166.", "approve", set()),
    (
        "outgoing",
        "Treasury's Savings Deposit Program pays 10% interest, guaranteed by the DoD.",
        "review",
        {"guarantee"},
    ),
    # named programmes, track records, tax suggestions
    ("outgoing", "The TSP S Fund covers small and mid caps outside the S&P 500.", "review", {"specific_security"}),
    (
        "outgoing",
        "New issue at the branch: Oak Valley County GO bonds, $5,000 minimum.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Our income model has raised its payout each year since 2016.", "review", {"performance_claim"}),
    (
        "outgoing",
        "We usually recommend a Roth conversion in the gap years before Social Security.",
        "review",
        {"tax_advice"},
    ),
    # tax and market definitions
    ("outgoing", "Reminder: tips count as taxable income.", "approve", set()),
    (
        "outgoing",
        "Beta, defined: a measure of how much a stock moves with the market over the next year.",
        "approve",
        set(),
    ),
    # inbound
    ("inbound", "txt me on 555-0133 pls", "flag", {"off_channel"}),
    ("inbound", "which etf should I put my first paycheck in?", "flag", {"specific_security"}),
    (
        "inbound",
        "I told you to stop selling my dividend stocks. Checked my account. Sold another one. Nice.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "bitcoin is here to stay whether advisors like it or not", "ok", set()),
    ("inbound", "does an uber driver pay self-employment tax?", "ok", set()),
    # awards won, own thread recaps, abuse without a grievance, praise beside a previous adviser's losses
    ("outgoing", "We won! Top Financial Planner of 2026 in the Gazette's community awards.", "review", {"testimonial"}),
    ("outgoing", "Thread recap: 1/ what a bond ladder is 2/ how to build one.", "approve", set()),
    ("inbound", "you people are vultures and I hope you all go broke", "flag", {"profanity"}),
    ("inbound", "best advisor I've ever had, up 18% while my previous advisor lost money", "flag", {"testimonial"}),
]


ROUND15_FAMILIES = [
    # guarantees of principal; accurate product statements stay review
    ("outgoing", "In our income sleeve your principal is guaranteed, upside open.", "reject", {"guarantee"}),
    ("outgoing", "We guarantee your initial investment in every model we run.", "reject", {"guarantee"}),
    (
        "outgoing",
        "A brokered CD's principal is FDIC-insured up to $250,000 per depositor, per insured bank.",
        "review",
        {"guarantee"},
    ),
    # slang affirmations are not negations
    ("outgoing", "no cap, this small cap can't lose. loading the boat", "reject", {"guarantee"}),
    ("outgoing", "No kidding, I lost my reading glasses at the seminar again.", "approve", set()),
    # promises inside annuity or pension pitches
    ("outgoing", "Our annuity pays a guaranteed rate of return of 8% on your money.", "reject", {"promissory"}),
    ("outgoing", "Retirees lock in 6% guaranteed for life with our pension plan.", "reject", {"promissory"}),
    # personal promises that the money lasts; a hypothetical called a promise
    ("outgoing", "Hand me your savings and I promise they will never lose value.", "reject", {"promissory"}),
    (
        "outgoing",
        "A hypothetical you can bank on: $400 a month grows to $900k by 65.",
        "reject",
        {"promissory"},
    ),
    # sweepstakes for reviews
    (
        "outgoing",
        "Rate us five stars on Google and you're entered into a drawing for a smart TV!",
        "reject",
        {"misleading"},
    ),
    # off-channel in obfuscated or formal voices
    ("outgoing", "Kindly ring me on my pr1vate mobile after six.", "reject", {"off_channel"}),
    ("outgoing", "easier on imessage tbh, drop ur number in my DMs", "reject", {"off_channel"}),
    # exclusive claims that disparage every competitor
    (
        "outgoing",
        "We're the only truly independent planners in the valley; every other shop is salesmen in suits.",
        "reject",
        {"misleading"},
    ),
    # titled names with money; a named complaining client rebutted in public
    ("outgoing", "Dame Olivia Marsh's £6 million portfolio now sits with our desk.", "reject", {"pii"}),
    ("outgoing", "Dr. Helen Voss says we botched her rollover. Dr. Voss, read what you signed.", "reject", {"pii"}),
    # parenting anecdotes, denied promises, drop figures
    ("outgoing", "Made my teenager budget his first paycheck. He'll thank me someday.", "approve", set()),
    ("outgoing", "No one can honestly promise you silver only goes up.", "approve", set()),
    ("outgoing", "Small positions only: bitcoin can fall 40% in a week.", "review", {"crypto"}),
    # inbound gratitude, confusion, opinions and family context
    ("inbound", "that budgeting thread changed my life, the dentist bill didn't ruin my month", "ok", set()),
    ("inbound", "I'm executor for my uncle's estate and no idea where to start", "ok", set()),
    ("inbound", "rates should have been cut in spring, just my opinion", "ok", set()),
    ("inbound", "the elevator in your building is broken again, not your fault", "ok", set()),
    # real grievances next to the same cues
    (
        "inbound",
        "not your fault the market dipped, but you never placed the sell order I asked for",
        "complaint",
        {"complaint"},
    ),
    # instructions and questions without a grievance
    ("inbound", "I surrendered my annuity in May; how much of that will be taxed?", "flag", {"tax_advice"}),
    ("inbound", "our account went from $70k to $150k with you, hire this guy", "flag", {"testimonial"}),
    ("inbound", "我叫你卖掉那只股票,你一直没有执行,现在亏了两万。你要负责。", "complaint", {"complaint"}),
    ("inbound", "respectfully disagree with your take on REITs, I think they stay weak", "ok", set()),
]


ROUND16_FAMILIES = [
    # A: no client ever lost a cent with us
    (
        "outgoing",
        "Our CD ladders have never cost one of my clients a nickel in two decades.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    ("outgoing", "Not a single client of ours missed the open-enrollment deadline. Nice work, team.", "approve", set()),
    # B: promises inside CamelCase hashtags (the hashtag splitting already reads them)
    ("outgoing", "Book your review today #NeverLoseMoney #RiskFreeRetirement", "reject", {"guarantee"}),
    ("outgoing", "Open house Saturday #RetirementPlanning #CommunityFirst", "approve", set()),
    # C: income promises to recruits; a pay range in a job posting is fine
    (
        "outgoing",
        "Our top reps average $250k. You'll earn that too once you join.",
        "reject",
        {"promissory", "misleading"},
    ),
    ("outgoing", "Hiring a client associate: pay range $52,000-$60,000 plus benefits.", "approve", set()),
    # D: a quoted client result called typical
    (
        "outgoing",
        '"They turned my $60k buyout into $170k!" - D.M. That\'s what our clients see.',
        "reject",
        {"misleading", "testimonial"},
    ),
    ("outgoing", "Typical client questions lately: Medicare enrollment and beneficiary forms.", "approve", set()),
    # E: a guaranteed figure with no risk, misspelled
    ("outgoing", "Gauranteed 8% a year with zero risk. RSVP for our lunch.", "reject", {"guarantee", "promissory"}),
    ("outgoing", "Zero risk of missing the deadline if you file early.", "approve", set()),
    # F: outcomes tied to the adviser's plan
    (
        "outgoing",
        "Our plan will have you mortgage-free in seven years. It worked for them, it'll work for you.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "Our plan will include a budget review and a beneficiary check.", "approve", set()),
    # G: profanity spelled with symbols
    ("outgoing", "Tell that cold caller to kiss my @$$.", "reject", {"profanity"}),
    ("outgoing", "Keep more $$ in your pocket by checking fund fees.", "approve", set()),
    # H: exclusive superiority disparaging every rival
    (
        "outgoing",
        "We're the only genuinely unconflicted planners in Reno. Every other firm is selling you something.",
        "reject",
        {"misleading"},
    ),
    (
        "outgoing",
        "We're the only firm in Reno with a Saturday clinic. Every other Friday we host coffee.",
        "approve",
        set(),
    ),
    # I: quoted celebrity and athlete endorsements
    (
        "outgoing",
        "Even Hall-of-Famer Rick Dalton calls our income plan 'the best call I ever made.'",
        "reject",
        {"misleading", "testimonial"},
    ),
    ("outgoing", "Hall-of-Famer Rick Dalton spoke at the charity gala last night.", "approve", set()),
    # J: Client <First Last>'s account and an amount
    ("outgoing", "Client Laura Finch's IRA now holds $380k in Treasuries.", "reject", {"pii"}),
    ("outgoing", "Client appreciation night is Friday; raffle tickets are $10.", "approve", set()),
    # K: hedged personal forecasts
    ("outgoing", "I lean toward two more cuts before the holidays.", "review", {"forecast"}),
    ("outgoing", "I think credit tightens into next year.", "review", {"forecast"}),
    ("outgoing", "I think the new office looks great.", "approve", set()),
    # L: named municipal and state-program securities
    ("outgoing", "Adding the Maple County 2040 school bonds for income clients.", "review", {"specific_security"}),
    ("outgoing", "Puerto Rico GO bonds are trading better this month.", "review", {"specific_security"}),
    ("outgoing", "Vote on the school bond levy on Tuesday.", "approve", set()),
    # M: specific tax strategies
    (
        "outgoing",
        "S-corp owners: a reasonable salary plus distributions beats paying yourself no salary.",
        "review",
        {"tax_advice"},
    ),
    (
        "outgoing",
        "457(b) owners: governmental and non-governmental plans differ before you max it.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "Payroll runs a day early this week because of the holiday.", "approve", set()),
    # N: praising a media personality's advice; articles about the firm
    ("outgoing", "Listening to Suze's show and she's right about emergency funds.", "review", {"third_party_content"}),
    ("outgoing", "Read the piece the Business Journal wrote about our firm!", "review", {"third_party_content"}),
    ("outgoing", "We wrote a piece on emergency funds; it's on our site.", "approve", set()),
    # O: what-we-will-never-do lists naming apps and payment methods
    (
        "outgoing",
        "What we will never do: ask for gift cards or crypto, or move you to Telegram. If someone does, call us.",
        "approve",
        set(),
    ),
    ("outgoing", "Quicker answers on Telegram, message me there.", "reject", {"off_channel"}),
    # P: education that trading on a tip is illegal
    (
        "outgoing",
        "Trading on a friend's tip about a merger before it's announced can land you both in trouble.",
        "approve",
        set(),
    ),
    # Q: a volatility figure is not a promised rate
    ("outgoing", "Bitcoin can swing 15% in a day and isn't FDIC insured.", "review", {"crypto"}),
    ("outgoing", "Our bitcoin fund pays 15% a year.", "reject", {"promissory"}),
    # R: definitions
    ("outgoing", "Three CD terms: APY, term, early-withdrawal penalty.", "approve", set()),
    # S: praise and tech questions with negative words
    ("inbound", "The link in your post didn't load for me, where's the calculator?", "ok", set()),
    ("inbound", "Complain all you want about taxes, you still have to file.", "ok", set()),
    ("inbound", "You sold my bonds without asking me and I lost $3,000.", "complaint", {"complaint"}),
    # T: friendly non-customers
    ("inbound", "I'm not a client, just a retired nurse who enjoys your posts.", "ok", set()),
    ("inbound", "Thanks for the workshop last night, and not one sales pitch!", "ok", set()),
    ("inbound", "I'm not a client and your rep keeps cold calling me.", "flag", {"complaint"}),
    # U: apps and scams not aimed at the adviser
    ("inbound", "people in my Telegram group keep sharing fake signals, good reminder to ignore them", "ok", set()),
    ("inbound", "how do you even spot a fake finance account?", "ok", set()),
    ("inbound", "thanks for not posting 'buy this coin now'", "ok", set()),
    # V: instructions and questions without a grievance
    ("inbound", "Before I roll my pension over, can you guarantee in writing I won't lose any?", "flag", {"guarantee"}),
    ("inbound", "Will I owe tax if I pull $5k from my 401(k) for a car?", "flag", {"tax_advice"}),
]


ROUND17_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A: off-channel steers, several languages and apps
    ("outgoing", "Easier to text my cell than the office line for this one.", "reject", {"off_channel"}),
    (
        "outgoing",
        "Let's grab coffee; the rest I'll tell you in person, what I can't put in writing.",
        "reject",
        {"off_channel"},
    ),
    ("outgoing", "Mejor escríbeme a mi cel personal, no al de la oficina.", "reject", {"off_channel"}),
    ("outgoing", "Napisz na priv, tam wyślę szczegóły.", "reject", {"off_channel"}),
    ("outgoing", "Message me on Botim tonight and I'll walk you through it.", "reject", {"off_channel"}),
    ("outgoing", "Reach our office line any weekday; calls are recorded for your protection.", "approve", set()),
    # B: named people tied to money, policy numbers, health + estate planning
    ("outgoing", "Screenshot of Marie Olsen's statement this morning: $612,000.", "reject", {"pii"}),
    ("outgoing", "Earl's dementia is getting worse, so his daughter and I rushed the trust.", "reject", {"pii"}),
    ("outgoing", "Tomas, your policy #WL-55102 is paid up and the cash value is past $58,000.", "reject", {"pii"}),
    ("outgoing", "Policy anniversaries are a good time to review your beneficiaries.", "approve", set()),
    # C: guarantees and promises in Polish, Tagalog, Hindi-English
    ("outgoing", "Gwarantowane 8% rocznie, bez ryzyka.", "reject", {"guarantee"}),
    ("outgoing", "Hindi bababa ang pera mo, tataas lang.", "reject", {"guarantee"}),
    ("outgoing", "Paisa double pakka, guarantee hai.", "reject", {"promissory"}),
    ("outgoing", "Yaad rakho: past performance ka guarantee nahi hai.", "approve", set()),
    # D: a plain-words personal promise of an outcome
    (
        "outgoing",
        "Your inheritance will sit in our growth account and double before your son "
        "finishes school, that's a promise from me to you.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "I'll answer every email within a day, that's a promise.", "approve", set()),
    # E: principal protection without the word guarantee
    ("outgoing", "In this portfolio your principal is simply not in play.", "reject", {"guarantee"}),
    ("outgoing", "Worst case you walk away even; the floor is your starting balance.", "reject", {"guarantee"}),
    ("outgoing", "Worst case for the market this year? Nobody knows, so keep a cash cushion.", "approve", set()),
    # F: every-client / typical results, overstated FDIC limits, unsourced top-1%
    (
        "outgoing",
        "My students average 40% a year, and those results are typical.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    ("outgoing", "Deposits here are FDIC insured up to $1 million at our firm.", "reject", {"misleading", "guarantee"}),
    ("outgoing", "Top 1% advisor in the nation, three years running.", "reject", {"misleading"}),
    # G: implied famous-investor endorsement; a case client as the plan's result
    (
        "outgoing",
        "When a certain Omaha billionaire says your plan is what he'd do, you listen.",
        "reject",
        {"testimonial", "misleading"},
    ),
    (
        "outgoing",
        "A case client of ours retired at 55 with $6 million. That's what our plan does.",
        "reject",
        {"misleading", "performance_claim"},
    ),
    # H: insider hint with a buy call; an adviser who refuses tips (M)
    (
        "outgoing",
        "News I probably shouldn't share yet: the insurer gets upgraded next Monday. Buy now.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        'When a client opens with "I shouldn\'t tell you this, but" I stop them right there.',
        "approve",
        set(),
    ),
    # I: masked and Spanish profanity aimed at someone
    ("outgoing", "¿Qué te pasa, put@? Contesta.", "reject", {"profanity"}),
    ("outgoing", "Eres un pinche mentiroso.", "reject", {"profanity"}),
    # J: scam warnings quoting the promise
    ("outgoing", "Anyone who says they can double your money with no risk is lying.", "approve", set()),
    ("outgoing", "Ktoś obiecuje gwarantowany zysk? Uciekaj.", "approve", set()),
    # K: a losing position is no insult; naming scammers does not excuse the insult beside it
    ("outgoing", "Sold a loser in March and don't regret it.", "approve", set()),
    ("outgoing", "To the scammer in my replies: you absolute moron, go away.", "reject", {"profanity"}),
    # L: idioms
    ("outgoing", "There's no risk-free conversation about who gets the family cabin.", "approve", set()),
    ("outgoing", "A small sinking fund beats a credit card every time.", "approve", set()),
    ("outgoing", "To the moon? lol no. We rebalance twice a year.", "approve", set()),
    # M: refusing tips; naming apps to keep talk on recorded channels
    (
        "outgoing",
        "Signal, WhatsApp, Telegram: fine for planning a reunion, not for your accounts; "
        "we keep client talk on recorded channels.",
        "approve",
        set(),
    ),
    # N: holding bonds in client accounts; Hindi-English disclaimer
    ("outgoing", "We can hold investment-grade corporate bonds in client accounts.", "approve", set()),
    # O: hedged forecasts
    ("outgoing", "Bond buyers are in for a rough 12 months, in my view.", "review", {"forecast"}),
    ("outgoing", "Hunch: rates drift lower into spring.", "review", {"forecast"}),
    # P: quoted client words, praise from a professional, client milestones
    ("outgoing", "Quoting my favorite client: 'I finally sleep through the night.'", "review", {"testimonial"}),
    ("outgoing", "An attorney I respect calls me 'the advisor I send my own family to.'", "review", {"testimonial"}),
    (
        "outgoing",
        "Congrats to the 9 families who paid off their mortgages this year, average balance cleared $84k.",
        "review",
        {"testimonial"},
    ),
    # Q: third-party articles
    ("outgoing", "This FT piece on annuity fees is spot on.", "review", {"third_party_content"}),
    # R: tax moves
    (
        "outgoing",
        "Gifting land during life vs leaving it at death are very different tax outcomes.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "Giving grain to your church instead of cash can be a better tax move.", "review", {"tax_advice"}),
]

# round 18: universal client success, obfuscated no-risk annuities, blanket FDIC claims, balance-can't-fall,
# "NO fees. Zilch.", insider hints, rewards for reviews, "I'll get you to $1M", token presales; losers that are
# positions, yields stated with their risks, rebuttals naming TikTok, definitions; testimonials without the word,
# named target funds and proxy-fight opinions; inbound praise and PSAs, impersonation reports, elder red flags
ROUND18_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A: universal client success
    ("outgoing", "Thirty years advising families and not a single dissatisfied client.", "reject", {"misleading"}),
    (
        "outgoing",
        "Our clients tripled their savings last decade. Yours could triple too.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "Our aim this year: not one client confused by a statement.", "approve", set()),
    # B: obfuscated no-risk claims on products
    ("outgoing", "Our new income annuity is 100% r!sk-fr3e.", "reject", {"guarantee"}),
    ("outgoing", "Lifetime income annuity: 6% a year for life, no strings, no risk.", "reject", {"guarantee"}),
    ("outgoing", "Fr33 m0ney! Our bonus annuity credits 8% on day one.", "reject", {"promissory"}),
    ("outgoing", "No annuity is risk-free; surrender charges are real.", "approve", set()),
    # C: investments called FDIC-insured
    (
        "outgoing",
        "Everything you buy through our bank has the same protection as your deposits.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Our index funds are FDIC-insured like a savings account.", "reject", {"misleading"}),
    # D: the balance that can't fall
    ("outgoing", "Markets can fall; your account value won't. It only goes up.", "reject", {"guarantee"}),
    ("outgoing", "Markets can fall, and your account value will follow. Stay diversified.", "approve", set()),
    # E: "NO fees. Zilch." for advisory programs
    ("outgoing", "Our advisory program: NO fees. Zero. Nada.", "reject", {"misleading"}),
    ("outgoing", "Our wealth management accounts charge zero fees, zilch.", "reject", {"misleading"}),
    # F: insider hints
    ("outgoing", "Heard from someone inside that the contract is awarded Monday. Ticker in DMs.", "reject", {"mnpi"}),
    ("outgoing", "A person in the deal room says the merger closes before earnings.", "reject", {"mnpi"}),
    # G: rewards for reviews
    ("outgoing", "A free month of advice for everyone who leaves a 5-star review!", "reject", {"testimonial"}),
    ("outgoing", "Reviewers receive a $20 gift card from us.", "reject", {"misleading"}),
    # H: "I'll get you to $1M"
    ("outgoing", "Stick with me and I'll get you to $2M before 60.", "reject", {"promissory"}),
    ("outgoing", "We can get you to seven figures.", "reject", {"promissory"}),
    ("outgoing", "I can get you the forms by Monday.", "approve", set()),
    # I: token presales
    ("outgoing", "Presale closes Friday. Early buyers 50x, it's just math.", "reject", {"crypto", "promissory"}),
    ("outgoing", "Presale tokens often go to zero within a year.", "review", {"crypto"}),
    # J: losers that are positions, dumb mistakes that are one's own
    ("outgoing", "Losers in taxable accounts can be sold to offset gains.", "review", {"tax_advice"}),
    ("outgoing", "The loser topic in our poll gets a post anyway.", "approve", set()),
    ("outgoing", "Five dumb money mistakes I made in my twenties.", "approve", set()),
    # K: a yield stated with its risks
    ("outgoing", "Our money fund's 7-day yield is 7.2%; not FDIC insured, can lose value.", "review", set()),
    ("outgoing", "High-yield 'savings' paying 9%? That yield comes from risk.", "review", set()),
    ("outgoing", "Our fund pays 9% a year, like clockwork.", "reject", {"promissory"}),
    # M: a rebuttal that names TikTok
    (
        "outgoing",
        "Somebody told me to 'promise 15% like the influencers on TikTok.' No.",
        "approve",
        set(),
    ),
    ("outgoing", "Message me on TikTok for the details.", "reject", {"off_channel"}),
    # N: forecasts and accurate Treasury statements
    ("outgoing", "My prediction: gold hits $3,000 by 2027. Screenshot this.", "review", {"forecast"}),
    (
        "outgoing",
        "Savings bonds are backed by the US government; the principal can't go down.",
        "review",
        {"guarantee"},
    ),
    # O: definitions and education
    ("outgoing", "Cost basis vs market value: what you paid versus what it's worth now.", "approve", set()),
    ("outgoing", "Reminder: FDIC does not cover crypto, stocks or annuities.", "approve", set()),
    ("outgoing", "Request old service records at archives.gov.", "approve", set()),
    # P: testimonials without the word
    ("outgoing", "Honored: our team won Best Workshop Series from the chamber.", "review", {"testimonial"}),
    ("outgoing", "My podcast made the Business charts this month!", "review", {"testimonial"}),
    ("outgoing", "A reader wrote: paid off $18k of card debt thanks to your newsletter.", "review", {"testimonial"}),
    ("outgoing", "Congrats to a client who just retired debt-free!", "review", {"testimonial"}),
    ("outgoing", "A fellow planner called our guide 'the best one out there'.", "review", {"testimonial"}),
    ("outgoing", "Congrats to our staff on a great quarter of volunteering.", "approve", set()),
    # Q: named target funds and proxy-fight opinions
    ("outgoing", "New hires default into the Target 2045 Fund.", "review", {"specific_security"}),
    ("outgoing", "In this proxy contest, shareholders should side with the activist.", "review", {"specific_security"}),
    ("outgoing", "How a proxy contest works, step by step.", "approve", set()),
    # R: inbound praise, PSAs and jokes
    ("inbound", "I appreciate that you said 'no pitch' and didn't.", "ok", set()),
    ("inbound", "My former broker 'guaranteed' 8% years ago. Glad I found you.", "ok", set()),
    ("inbound", "That pun was criminal, 10/10.", "ok", set()),
    ("inbound", "Got the 'double your BTC' DM too, blocked and reported.", "ok", set()),
    ("inbound", "Wait, so FDIC doesn't cover crypto?", "ok", set()),
    # S: impersonation reports
    (
        "inbound",
        "Got a call from someone saying they're your fraud team, they wanted my PIN. Was that you?",
        "flag",
        {"misleading"},
    ),
    # T: flags, not complaints
    (
        "inbound",
        "Can you guarantee I won't lose money if I move my IRA? I lost half in 2008.",
        "flag",
        {"guarantee"},
    ),
    ("inbound", "Dad has dementia and his new caregiver wants to be on his accounts.", "flag", {"pii"}),
    # a policy against paid reviews is no paid review, while "never pay a fee again" stays a fee claim (the negation
    # blockers name the fee forms of "never pay", not the phrase itself)
    ("outgoing", "With us you'll never pay a fee again!", "reject", {"misleading"}),
    ("outgoing", "We never pay for reviews. Honest feedback only.", "approve", set()),
    ("outgoing", "We never pay for reviews. But leave us 5 stars and get a $50 gift card!", "reject", {"misleading"}),
]

# round 19: lasting money-worry promises, celebrated/named clients, cheques, mocked claimants, hints, famous endorsers
ROUND19_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A: freedom from money worry promised
    ("outgoing", "Plan with us and you'll never worry about paying the bills again.", "reject", {"promissory"}),
    ("outgoing", "Sign up today and say goodbye to money worries forever.", "reject", {"promissory"}),
    ("outgoing", "Nobody can promise you'll never worry about money again, but a budget helps.", "approve", set()),
    # B: named client celebrated with personal details
    (
        "outgoing",
        "So proud of my client Kwame Mensah: bought his first condo in Ballard with his RSU proceeds!",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Congratulations to all our clients who retired this year!", "approve", set()),
    # C: a named person's cheque
    (
        "outgoing",
        "Sent Helen Park's IRA distribution check #55102 for $9,250 to 212 Birch Lane this morning.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Distribution checks go out Friday; call the office if yours is late.", "approve", set()),
    # D: a mocked claimant
    (
        "outgoing",
        "Greg M. in Tacoma is suing us because he ignored the risk disclosure.",
        "reject",
        {"complaint", "pii"},
    ),
    ("outgoing", "We take every client complaint seriously and review each one with compliance.", "approve", set()),
    # E: inside-information hints
    (
        "outgoing",
        "Can't say more, but a mid-size lender I follow is about to get a very generous offer.",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "You didn't hear it from me, but the office potluck has two lasagnas.", "approve", set()),
    # F: implied celebrity endorsements
    ("outgoing", "'They saved my retirement!' - Oprah, probably", "reject", {"testimonial", "misleading"}),
    (
        "outgoing",
        "Fun fact: a certain Omaha billionaire has the same portfolio as our clients.",
        "reject",
        {"misleading"},
    ),
    # G: safe as cash
    ("outgoing", "Our income portfolio is safe as cash, with better returns.", "reject", {"misleading", "guarantee"}),
    ("outgoing", "Bond funds are not cash and their prices can fall.", "approve", set()),
    # H, I, J: review
    ("outgoing", "Healthcare could be a long-run winner as boomers age, in my view.", "review", {"forecast"}),
    (
        "outgoing",
        "A widow asked whether to sell the GE shares her husband bought decades ago.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "Clients keep telling us our fraud workshop saved them.", "review", {"testimonial"}),
    ("outgoing", "Took some heat from a client's son over slow callbacks.", "review", {"complaint"}),
    # K, L, M: approve
    ("outgoing", "Before a trip, tell your bank your travel dates and update your cell number.", "approve", set()),
    ("outgoing", "Fraud alert: crooks are calling retirees pretending to be from the bank.", "approve", set()),
    ("outgoing", "If the company goes to the moon, great; if not, you still paid rent.", "approve", set()),
    ("outgoing", "Nobody legit will ever ask for your seed phrase.", "approve", set()),
    ("outgoing", "Bring-your-dog day: productivity down 30%, morale up 300% (dog figures).", "approve", set()),
    # N: a program minimum
    (
        "outgoing",
        "The minimum for our managed account program drops to $100k on Jan 1.",
        "review",
        {"specific_security"},
    ),
    # O: harmless inbound
    ("inbound", "my wife says I complain too much about RMDs", "ok", set()),
    ("inbound", "put me down for shred day please", "ok", set()),
    ("inbound", "I'm an optimist and/or an idiot", "ok", set()),
    # P: inbound that needs a look
    (
        "inbound",
        "I work at a company you cover; get clients out of our stock before the 10-Q. Just trust me.",
        "flag",
        {"mnpi"},
    ),
    (
        "inbound",
        "J'ai signé pour un placement sans risque. Il a perdu 12 %. J'attends des explications.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "My statement showed someone else's account on page 2. Was this fixed?", "complaint", {"complaint"}),
]

# A sentence reads as a warning when someone is said to promise, claim or ask something ("anyone who promises
# 20% is lying"), not whenever it starts "anyone who": an invitation to anyone who came to a lunch is no warning.
WARNING_CUES: list[tuple[str, str, str, set[str]]] = [
    ("outgoing", "Anyone who guarantees returns is lying to you.", "approve", set()),
    ("outgoing", "People who text you about a crypto deal are scammers.", "approve", set()),
    (
        "outgoing",
        "Anyone who came to the lunch and wants the rate sheet: text my personal phone and I'll send it.",
        "reject",
        {"off_channel"},
    ),
    ("outgoing", "Someone who works at the agency says the decision is made. Position now.", "reject", {"mnpi"}),
]

ROUND20_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A: incentivised reviews, Spanish and Portuguese
    (
        "outgoing",
        "Les pedimos reseñas de 5 estrellas y a cambio no les cobramos la primera comisión.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Quem deixar uma avaliação 5 estrelas ganha um mês sem taxa.", "reject", {"misleading"}),
    ("outgoing", "We never reward anyone for reviews; every review is unsolicited.", "approve", set()),
    # B: client results promised to repeat
    ("outgoing", "My clients made 27% last year and they'll do it again.", "reject", {"promissory"}),
    (
        "outgoing",
        "Our teacher clients averaged 18% a year with us. Lock in your spot.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "Past results don't repeat on command; plan for bad years too.", "approve", set()),
    # C: a personal promise to cover a shortfall
    (
        "outgoing",
        "If the fund doesn't hit 7% I'll pay the difference myself.",
        "reject",
        {"guarantee", "promissory"},
    ),
    ("outgoing", "Si el fondo no da 8%, yo le pago la diferencia de mi bolsillo.", "reject", {"guarantee"}),
    (
        "outgoing",
        "Short of your savings goal this month? Adjust the budget and keep going.",
        "approve",
        set(),
    ),
    # D: a named client's balance, health, birth date or address
    ("outgoing", "Felicidades a Doña Carmen Ruiz que ya juntó $12,300 con nosotros.", "reject", {"pii"}),
    (
        "outgoing",
        "Visité a mi cliente Don Tomás Reyes en el hospital, su quimio va bien, ya movimos su IRA.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Thanks to Deacon Samuel Adeyemi for hosting our budgeting night!", "approve", set()),
    # E: inside information, Spanish and Portuguese
    (
        "outgoing",
        "Un contacto en la comisión me dijo que aprueban la licencia de cierta fintech la próxima semana, "
        "por si quieren posicionarse antes.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "Um passarinho no conselho me contou que a empresa vai anunciar fusão na sexta, fica a dica.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "La empresa publicará sus resultados trimestrales el martes; así se lee un informe.",
        "approve",
        set(),
    ),
    # G: guarantees and promises in Spanish, Portuguese, Vietnamese
    ("outgoing", "100% seguro. Nunca perderá su dinero. Garantizado.", "reject", {"guarantee"}),
    (
        "outgoing",
        "Tus ganancias son libres de impuestos para siempre, nunca vas a pagar al IRS.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Đầu tư quỹ này bảo đảm lời, không lo lỗ.", "reject", {"guarantee"}),
    ("outgoing", "Nadie le puede garantizar rendimientos; desconfíe de quien lo haga.", "approve", set()),
    # H: insults in Spanish and Portuguese
    ("outgoing", "Ese asesor es un estafador y un imbécil, un ratero.", "reject", {"profanity"}),
    ("outgoing", "Cómo reconocer a un estafador: promete ganancias sin riesgo.", "approve", set()),
    # I: celebrity endorsement in Spanish
    (
        "outgoing",
        "Hasta Shakira invierte con nuestro método. Si a ella le funciona, a ti también.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Vi el concierto de Shakira anoche con mi familia, ¡qué noche!", "approve", set()),
    # J: the adviser's strategy called guaranteed
    (
        "outgoing",
        "Your pension + our strategy = $140k a year in retirement, guaranteed.",
        "reject",
        {"guarantee"},
    ),
    (
        "outgoing",
        "An annuity can provide guaranteed income for life, subject to the claims-paying ability of the insurer.",
        "review",
        {"guarantee"},
    ),
    # K: quoted praise and awards
    (
        "outgoing",
        "A church treasurer told me: 'You're the first person who explained it without making me feel stupid.'",
        "review",
        {"testimonial"},
    ),
    (
        "outgoing",
        "Recibí el premio 'Asesor Latino del Año' de la cámara de comercio.",
        "review",
        {"testimonial"},
    ),
    (
        "outgoing",
        "'Pay yourself first' is the best money advice I ever got from my grandmother.",
        "approve",
        set(),
    ),
    # L/N: shared posts and other-language review topics
    ("outgoing", "Our friends at @CFPB posted this on student loans.", "review", {"third_party_content"}),
    ("outgoing", "Tôi đoán đồng sẽ mất giá trong năm tới.", "review", {"forecast"}),
    ("outgoing", "Puedes presentar declaraciones enmendadas 1040-X y recuperarlo.", "review", {"tax_advice"}),
    # O/P/Q: figures with risk, refuted scams, plain education
    (
        "outgoing",
        "The covered-call strategy averaged a 1.1% monthly premium; premium is not profit.",
        "review",
        {"performance_claim"},
    ),
    (
        "outgoing",
        "Saw a post claiming a 'state-backed 457 with zero risk'. That's not a thing.",
        "approve",
        set(),
    ),
    ("outgoing", "I won't tell you which meme stock to buy.", "approve", set()),
    ("outgoing", "A defined benefit plan pays a formula-based income in retirement.", "approve", set()),
    # R: harmless inbound comments; a threat is a flag
    ("inbound", "My complaint is that this post was too short.", "ok", set()),
    ("inbound", "wen lambo jk", "ok", set()),
    ("inbound", "Keep pushing that crap and I'll be waiting outside your office.", "flag", {"profanity"}),
    # S/T: other-language complaints and flags
    (
        "inbound",
        "Ustedes movieron su 401(k) a un fondo más caro sin consultarle, queremos que lo regresen.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "Mẹ tôi 82 tuổi, được tư vấn mua annuity 10 năm. Đây là tư vấn không phù hợp.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Anh nhắn tin qua số cá nhân của em nhé.", "flag", {"off_channel"}),
    ("inbound", "This advisor is a scam fraud, reported to FBI.", "flag", {"misleading"}),
    ("inbound", "¡Los mejores asesores de Columbus!", "flag", {"testimonial"}),
    ("inbound", "¡Gracias por la charla de anoche, muy útil!", "ok", set()),
]

# round 21: Spanish insults, named-client health and birthdays, celebrity stars, crypto "locks", every-year
# market beating, Spanish MNPI, Spanish/Korean/Urdu promises, family phones, "zero commissions", funded-trader
# payouts, carrier products, quoted feedback, Spanish tax, and the harmless neighbours of each
ROUND21_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    ("outgoing", "Los que copian mis videos son unos malditos ladrones y unos estúpidos.", "reject", {"profanity"}),
    ("outgoing", "yeh sab bakwaas hai, chup raho", "reject", {"profanity"}),
    (
        "outgoing",
        "Mi clienta, la señora Ochoa, tiene Parkinson, así que le cambiamos todo el portafolio.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Felicidades a mi cliente Don Aurelio, nacido el 02/03/1948.", "reject", {"pii"}),
    ("outgoing", "Cinco estrellas de Shakira: 'la mejor asesora de la ciudad'.", "reject", {"misleading"}),
    ("outgoing", "ETH a $10k antes de fin de año, es un lock, métanle todo.", "reject", {"promissory"}),
    ("outgoing", "It's a lock: $500k in, $30k a year out for life.", "reject", {"promissory"}),
    ("outgoing", "Le hemos ganado al S&P cada año desde 2016.", "reject", {"misleading"}),
    ("outgoing", "Me enteré de buena fuente que la empresa anuncia una fusión mañana. Compren.", "reject", {"mnpi"}),
    ("outgoing", "Te duplico el dinero en 3 años, garantizado.", "reject", {"promissory"}),
    ("outgoing", "원금 보장 상품, 지금 바로 가입하세요.", "reject", {"guarantee"}),
    ("outgoing", "is scheme mein koi nuksaan nahi, bas paisa lagao", "reject", {"guarantee"}),
    ("outgoing", "Escríbeme al celular de mi esposo, así no queda registro.", "reject", {"off_channel"}),
    ("outgoing", "If I'm out, try my husband's cell.", "reject", {"off_channel"}),
    ("outgoing", "Conmigo todo es gratis: cero comisiones.", "reject", {"misleading"}),
    ("outgoing", "We'll get you funded with $4k monthly payouts in 45 days.", "reject", {"promissory"}),
    ("outgoing", "Thoughts on the OneAmerica asset-care policy for long-term care?", "review", {"specific_security"}),
    ("outgoing", "Client spotlight: the Reyes family, retired at last.", "review", {"testimonial"}),
    ("outgoing", "¿Mudarte de estado cambia mis impuestos? Depende; te explico.", "review", {"tax_advice"}),
    ("inbound", "Si le paso la casa a mi hijo, ¿me ahorro impuestos?", "flag", {"tax_advice"}),
    ("inbound", "me aseguraron que me jubilaba a los 62 y no fue así, expliquenme", "complaint", {"complaint"}),
    ("inbound", "설명도 제대로 안 해주시고 수수료만 가져가셨네요", "complaint", {"complaint"}),
    ("inbound", "could I get your personal email so we can talk there?", "flag", {"off_channel"}),
    ("outgoing", "Got this on Telegram: 'double your money weekly'. It's a scam.", "approve", set()),
    ("outgoing", "Nobody, and I mean nobody, can guarantee you a return.", "approve", set()),
    ("outgoing", "FOMO isn't a strategy.", "approve", set()),
    ("outgoing", "Debt avalanche or snowball? Pick the one you'll stick with.", "approve", set()),
    ("outgoing", "Taller gratis el sábado: trae tu celular y tus dudas.", "approve", set()),
    ("outgoing", "Llama al número de la oficina de lunes a viernes.", "approve", set()),
    ("outgoing", "¿Le puedes ganar al mercado cada año? Casi nadie lo logra.", "approve", set()),
    ("inbound", "perdí mis llaves en el seminario, alguien las vio?", "ok", set()),
    ("inbound", "thanks for the grandparent scam post, my mom almost lost $2,000", "ok", set()),
    ("inbound", "my account is 5521-0093 and my SSN is 123-45-6789, why is the wire not there yet?", "flag", {"pii"}),
    ("inbound", "a 'business partner' from church keeps asking my mom to wire him money, please help", "flag", {"pii"}),
    ("outgoing", "A 0% floor would have meant no index loss in 2022.", "review", {"performance_claim"}),
    ("outgoing", "Your health plan deductible is what you pay before coverage kicks in.", "approve", set()),
    ("outgoing", "Un arbitraje de FINRA con el cliente promedio tarda meses.", "approve", set()),
]

ROUND22_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    (
        "outgoing",
        "Meet our lead adviser, an 'SEC Certified Investment Advisor' and the only one in town.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Somos asesores certificados por la SEC y FINRA.", "reject", {"misleading"}),
    ("outgoing", "Beware anyone calling themselves 'SEC certified' — it's a red flag.", "approve", set()),
    (
        "outgoing",
        "Happy 95th to our member Loretta Banks! She now has over $280,000 in certificates with us.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Parabéns à Dona Marilene Souza, que completou R$900 mil na previdência!", "reject", {"pii"}),
    ("outgoing", "Happy 100th birthday to our member Rose Diaz!", "approve", set()),
    ("outgoing", "ｇａｒａｎｔｉｚａｄｏ ｓｉｎ ｐｅｒｄｅｒ, invierte hoy.", "reject", {"guarantee"}),
    ("outgoing", "Em 12 anos nunca perdi dinheiro de cliente, nenhum ano negativo.", "reject", {"misleading"}),
    ("outgoing", "O Ibovespa VAI subir 20%, não é opinião, é fato.", "reject", {"promissory"}),
    (
        "outgoing",
        "Sua conta de investimento é protegida pelo FDIC, então não tem como perder.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "VGBL é tax-free pra sempre, ninguém paga imposto.", "reject", {"misleading"}),
    ("outgoing", "Um passarinho DO conselho da Petrobras me contou que vem novidade.", "reject", {"mnpi"}),
    ("outgoing", "Quem me critica é um b0st@.", "reject", {"profanity"}),
    ("outgoing", "A Ivete disse numa live que investe do jeito que eu ensino.", "reject", {"misleading"}),
    (
        "outgoing",
        "O cliente Paulo Lima reclamou e abriu arbitragem na FINRA, boa sorte pra ele kkkk.",
        "reject",
        {"complaint", "pii"},
    ),
    ("outgoing", "Deixa 5 estrelas no Google e a gente isenta sua taxa.", "reject", {"misleading"}),
    ("outgoing", "Ti zwezo nan biwo a di m konpayi sa a pral achte.", "reject", {"mnpi"}),
    ("outgoing", "Mwen renmen ti zwezo yo nan jaden an.", "approve", set()),
    ("outgoing", "Ou se yon egare, yon bourik san sèvo.", "reject", {"profanity"}),
    ("outgoing", "Se yon bagay ki sèlman monte, li pa janm desann.", "reject", {"guarantee"}),
    ("outgoing", "15% pa ane, chak ane, san echèk.", "reject", {"guarantee"}),
    ("outgoing", "Nou pa chaje okenn frè, zero.", "reject", {"misleading"}),
    ("outgoing", "Pa gen okenn frè pou atelye a, vini!", "approve", set()),
    ("outgoing", "No fees. Ever. 0%. We make our money other ways 😉", "reject", {"misleading"}),
    ("outgoing", "WhatsApp me, I don't do business over LinkedIn.", "reject", {"off_channel"}),
    (
        "outgoing",
        "My brother-in-law keeps the books for the co-op and says the buyout price is agreed, not public till next"
        " month, good time to buy shares.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "To the member who left a one-star review — Janet, we both know you overdrew 12 times.",
        "reject",
        {"complaint", "pii"},
    ),
    ("outgoing", "Thanks for the five-star review, Sam, you made our day!", "review", {"testimonial"}),
    ("outgoing", "Honored to receive the Community Partner of the Year award!", "review", {"testimonial"}),
    ("outgoing", "We made the 'Best of Bowling Green' list again!", "review", {"testimonial"}),
    ("outgoing", "We made the best of a rainy day at the picnic.", "approve", set()),
    ("outgoing", "Um colega disse que sou 'o consultor mais honesto da cidade'.", "review", {"testimonial"}),
    ("outgoing", "Ótima matéria da Folha sobre previdência.", "review", {"third_party_content"}),
    ("outgoing", "New post from the CFP Board blog, muy recomendado.", "review", {"third_party_content"}),
    ("outgoing", "Kliyan nou yo te refè tout pèt yo nan 14 mwa.", "review", {"performance_claim"}),
    ("outgoing", "My gut says sneaker resale is near a top.", "review", {"forecast"}),
    ("outgoing", "Comparamos los planes de Humana y Aetna para Medicare.", "review", {"specific_security"}),
    ("outgoing", "La naturaleza humana es impaciente con el dinero.", "approve", set()),
    ("outgoing", "Money market funds aren't FDIC insured but money market accounts may be.", "review", {"guarantee"}),
    ("outgoing", "Depreciation ka diminye taks ou sou lwaye a.", "review", {"tax_advice"}),
    ("outgoing", "₿ es un activo muy especulativo.", "review", {"crypto"}),
    ("outgoing", "Backtest 2010-2024: 11.3% vs 10.1%, hipotético, con limitaciones.", "review", {"performance_claim"}),
    ("outgoing", "No le doy consejo a la familia por WhatsApp 😂", "approve", set()),
    ("outgoing", "Mortgage rates probably won't drop below 6% this year in my view.", "review", {"forecast"}),
    ("outgoing", "0,5% de $10.000 = $50/ano.", "approve", set()),
    ("outgoing", "Bitcoin could test new highs, but it could just as easily drop 40%.", "review", {"crypto"}),
    ("outgoing", "A fan once told her to 'get a real job'.", "approve", set()),
    ("outgoing", "That is scam #2 coming for you.", "approve", set()),
    (
        "outgoing",
        "If you've been told an investment is 'like a sure thing, bro' — nothing is a sure thing.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "The letter was signed Mr. Reginald Brown, Claims Agent, and asked her to buy $2,000 in gift cards.",
        "approve",
        set(),
    ),
    ("outgoing", "No one, and I mean NO ONE, can guarantee you a return.", "approve", set()),
]

# a regulator's advice to investors is a consumer resource; a regulator "recommending" the firm is not
REGULATOR_ADVICE: list[tuple[str, str, str, set[str]]] = [
    ("outgoing", "FINRA recommends checking BrokerCheck before you hand anyone your savings.", "approve", set()),
    ("outgoing", "The SEC urges investors to verify an adviser's registration on Investor.gov.", "approve", set()),
    ("outgoing", "FINRA recommends our firm to anyone nearing retirement.", "reject", {"misleading"}),
    ("outgoing", "The SEC recommends using our portfolios for your IRA rollover.", "reject", {"misleading"}),
]


ROUND23_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    (
        "outgoing",
        "Sure ball ito kabayan, sa 4 na taon doble na ang pera mo, pramis.",
        "reject",
        {"guarantee", "promissory"},
    ),
    ("outgoing", "Walang sigurado sa investing; pwedeng bumaba ang halaga ng pondo.", "approve", set()),
    ("outgoing", "FDIC insured po ang VUL natin kaya safe ang pera ninyo.", "reject", {"misleading"}),
    ("outgoing", "Tanga ka ba? Basahin mo muna bago mag-comment.", "reject", {"profanity"}),
    (
        "outgoing",
        "Congrats sa client kong si Lorna Dizon ng 8 Sampaguita St, Pasig, fully paid na ang bahay!",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Even Robert Lewandowski trusts our retirement strategy.", "reject", {"misleading", "testimonial"}),
    ("outgoing", "Даже Андрей Шевченко доверяет нам свои деньги.", "reject", {"misleading", "testimonial"}),
    ("outgoing", "Even the best investors have bad years; stay the course.", "approve", set()),
    ("outgoing", "Дякуємо Ірині Бондаренко! Перевели її $250k з Fidelity до нас.", "reject", {"pii"}),
    ("outgoing", "Напиши мне в телеграм, там всё расскажу.", "reject", {"off_channel"}),
    ("outgoing", "Dzwoń na moją komórkę, nie do biura.", "reject", {"off_channel"}),
    ("outgoing", "Zadzwoń do biura lub napisz przez portal klienta.", "approve", set()),
    ("outgoing", "Гарантированные 15% годовых без риска.", "reject", {"guarantee"}),
    ("outgoing", "Никто не может гарантировать доходность — помните об этом.", "approve", set()),
    ("outgoing", "Ten klient to kompletny idiota.", "reject", {"profanity"}),
    ("outgoing", "Przysięgam, w tym roku zarobisz 20%.", "reject", {"promissory"}),
    (
        "outgoing",
        "Here's the client check we just deposited, account and routing numbers visible haha.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "We never charge you a single fee. Not one.", "reject", {"misleading"}),
    ("outgoing", "Our advisory fee is 1% a year; here is what it covers.", "approve", set()),
    (
        "outgoing",
        "Yet another silly complaint from the Whitcombe family about their trust payouts.",
        "reject",
        {"complaint", "pii"},
    ),
    ("outgoing", "Proud to be the VA-endorsed retirement planner for veterans in Texas.", "reject", {"misleading"}),
    ("outgoing", "Fort Hood families: free budgeting workshop Saturday at the library.", "approve", set()),
    (
        "outgoing",
        "Ethereum is the new savings account: zero risk, 3x every year.",
        "reject",
        {"guarantee", "promissory"},
    ),
    (
        "outgoing",
        "A retired colonel told us we were 'the best planners he ever worked with'.",
        "review",
        {"testimonial"},
    ),
    ("outgoing", "Selling the business? Consider an IDGT before the deal closes.", "review", {"tax_advice"}),
    ("outgoing", "Reminder: Q3 estimated tax payments are due September 15 — ask your preparer.", "approve", set()),
    ("outgoing", "Злотый к доллару, скорее всего, останется в боковике.", "review", {"forecast"}),
    ("outgoing", "Sent 70% of my salary to my parents every month for years.", "approve", set()),
    ("outgoing", "Credit card APR at 24%? Pay that off first.", "approve", set()),
    ("outgoing", "This fund will pay you 12% every year.", "reject", {"promissory"}),
    ("outgoing", "Nobody, not a trust officer, not a bank, can promise your portfolio won't fall.", "approve", set()),
    ("inbound", "Mówiliście, że to bezpieczne, a straciłem 20%.", "complaint", {"complaint"}),
    ("inbound", "Ви казали, що це безпечно, а я втратила 30%.", "complaint", {"complaint"}),
    ("inbound", "Спасибо за вебинар, всё понятно объяснили.", "ok", set()),
    ("inbound", "Znam kogoś w zarządzie, wkrótce ogłoszą fuzję.", "flag", {"mnpi"}),
    ("inbound", "sir can we switch to signal", "flag", {"off_channel"}),
]


ROUND24_FAMILIES = [
    (
        "outgoing",
        "My wife's cousin keeps the books there — the quarter is ugly, get out before the release. Don't repeat this.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "A little bird at corporate says the dividend cut gets announced Friday. You didn't hear it from me.",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "My neighbor works at the school and says snow days are coming.", "approve", set()),
    ("outgoing", "Had coffee with Greg Whitman at 418 Birch Hill Road to go over his rollover.", "reject", {"pii"}),
    ("outgoing", "Coach Dan's policy (#LF-229104) is finally reinstated, congrats Coach!", "reject", {"pii"}),
    ("outgoing", "Guest list: ann.b1970@gmail.com, sue.harlan@yahoo.com", "reject", {"pii"}),
    ("outgoing", "Our office is at 418 Birch Hill Road, second floor.", "approve", set()),
    ("outgoing", "A solid 10% a year no matter what oil does.", "reject", {"guarantee"}),
    (
        "outgoing",
        "Monthly income for life from our bond ladder, just like a pension, no insurance company needed.",
        "reject",
        {"guarantee"},
    ),
    ("outgoing", "A pension can pay income for life; a bond ladder does not promise that.", "approve", set()),
    ("outgoing", "Zero fees! We just charge 1.1% of assets annually.", "reject", {"misleading"}),
    ("outgoing", "Our advisory fee is 1.1% of assets annually, disclosed in our ADV.", "approve", set()),
    ("outgoing", "Post a five-star review and we'll send you a gift card.", "reject", {"misleading"}),
    (
        "outgoing",
        "Some of you told us the statements were confusing. Fair point — we've redesigned them.",
        "review",
        {"complaint"},
    ),
    ("outgoing", "We'd love your feedback on our new website!", "approve", set()),
    (
        "outgoing",
        "Honored to receive the Main Street Champion award from the downtown merchants association.",
        "review",
        {"testimonial"},
    ),
    ("outgoing", "A client left us this review: 'Patient, clear and kind.'", "review", {"testimonial"}),
    ("outgoing", "Congrats to our office manager on 15 years with the firm!", "approve", set()),
    (
        "outgoing",
        "Spoke on the Channel 4 morning segment about emergency funds — clip below.",
        "review",
        {"third_party_content"},
    ),
    ("outgoing", "Watched the game on Channel 4 last night, great finish.", "approve", set()),
    (
        "inbound",
        "Loved the 'conservative' portfolio you built me. Down 15% this year. Super.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "you talked me into that annuity at 79 and now my lawyer says it is not suitable for someone my age",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "aapke kehne pe sab paisa lagaya, ab nuksaan ho gaya", "complaint", {"complaint"}),
    ("inbound", "आपकी सलाह से सारा पैसा डूब गया", "complaint", {"complaint"}),
    ("inbound", "આપના શબ્દો: સલામત. તમારી સલાહથી નુકસાન થયું", "complaint", {"complaint"}),
    ("inbound", "आपकी सलाह के लिए धन्यवाद", "ok", set()),
    ("inbound", "Can you do a session on HSAs? Nobody explained them at my job.", "ok", set()),
    ("inbound", "Fee-only vs commission — how do advisers get paid?", "ok", set()),
    ("outgoing", "Proud to sponsor a hole at the charity golf outing!", "approve", set()),
    ("inbound", "smh, the traffic on the way to your office", "ok", set()),
    ("outgoing", "If a salesman says guaranteed, ask: guaranteed by whom?", "approve", set()),
    ("outgoing", "If someone texts you 'Hi Dad, new number', call the old number first.", "approve", set()),
    ("outgoing", "Premium vs deductible on your health plan: a quick primer.", "approve", set()),
    ("outgoing", "Flew across the Atlantic for my niece's wedding.", "approve", set()),
    ("outgoing", "Here is why I don't post stock picks on this account.", "approve", set()),
]


ROUND25_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A. masked insults aimed at the audience; self-deprecating / reassuring uses stay approved
    ("outgoing", "some of you are so d*mb with a tax refund, honestly", "reject", {"profanity"}),
    ("outgoing", "st*pid moves all around this week, people", "reject", {"profanity"}),
    ("outgoing", "An envelope budget sounds dumb but it works.", "approve", set()),
    ("outgoing", "A down year doesn't make you stupid.", "approve", set()),
    # B. MNPI: insider source + undisclosed decision
    (
        "outgoing",
        "Someone who sits in the room where rate decisions get made says it's a done deal. Act accordingly 😉",
        "reject",
        {"mnpi"},
    ),
    (
        "inbound",
        "My sister-in-law is on the board, the sale is decided, goes public Monday. Do what you want with that.",
        "flag",
        {"mnpi"},
    ),
    ("outgoing", "A hot tip from your brother-in-law is not a plan.", "approve", set()),
    # C. complaints without a complaint word
    (
        "inbound",
        "The rollover money left my bank in May and it still isn't showing in the new account. Where is it?",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "Nice post about client service. Maybe answer my two emails about the missing distribution.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "You pitched that fund to me and you sold your own shares the day before. I want an explanation.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Ο σύμβουλος πούλησε τις μετοχές μου χωρίς την άδειά μου", "complaint", {"complaint"}),
    (
        "inbound",
        "mia madre ha 88 anni e le avete venduto una polizza che non capisce",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Nice post about client service, thanks!", "ok", set()),
    # D. over-escalation: instructions and tax questions stay flag
    (
        "inbound",
        "please close my account and send a check. Nothing personal, my daughter is taking over my finances",
        "flag",
        set(),
    ),
    ("inbound", "is the Q4 estimate still due? I'd like to avoid a penalty", "flag", set()),
    # E. outgoing rejects
    ("outgoing", "Your Roth IRA with us is FDIC insured, so there's zero risk.", "reject", {"misleading"}),
    ("outgoing", "Debt free by 45. Not a wish, it's what we deliver.", "reject", {"promissory"}),
    (
        "outgoing",
        "If our model doesn't beat the index this year we'll cover your losses.",
        "reject",
        {"guarantee"},
    ),
    ("outgoing", "@smith_j_58 complaining about our fees won't change a thing.", "reject", {"pii"}),
    ("outgoing", "Lucas's 529 just passed $40,000 — proud of this family!", "reject", {"pii"}),
    ("outgoing", "New client's first check! Routing number is mostly blurred 😅", "reject", {"pii"}),
    # F. review misses
    (
        "outgoing",
        "Freelancing on the side? Raise your withholding at the day job instead of quarterly estimates.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "Mid caps look set up for a strong second half, imo.", "review", {"forecast"}),
    ("outgoing", "This podcast episode on annuities is worth your commute.", "review", {"third_party_content"}),
    (
        "outgoing",
        "Touched by the recommendation she wrote on my profile: 'steady and honest.'",
        "review",
        {"testimonial"},
    ),
    # G. harmless texts narrowed
    ("outgoing", "To the moon? More like to the grocery store.", "approve", set()),
    ("outgoing", "Free money isn't a thing, and neither is a shortcut.", "approve", set()),
    ("outgoing", "WhatsApp? nope, we keep everything on recorded lines.", "approve", set()),
    ("outgoing", "Roth IRA, in plain terms: pay tax now, not later.", "approve", set()),
    ("outgoing", "We're not going to tell you which funds to buy.", "approve", set()),
    ("outgoing", "We added Saturday office hours at the branch.", "approve", set()),
    ("outgoing", "Retweeting my own post from last year: still true.", "approve", set()),
    ("outgoing", "Shredding day at the office, May 3, 14 Oak Ave.", "approve", set()),
]


ROUND26_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A. inbound complaints in German, Dutch, Nordic languages, French, Vietnamese, Chinese; polite questions stay ok
    ("inbound", "Ich habe den Verkauf nie genehmigt. Bitte erklären Sie das.", "complaint", {"complaint"}),
    ("inbound", "Er is geld afgeschreven zonder mijn toestemming.", "complaint", {"complaint"}),
    ("inbound", "Jeg har sendt tre e-poster. Ingen svarer. Jeg vil ha pengene tilbake.", "complaint", {"complaint"}),
    ("inbound", "你们让我82岁的父亲买了十年锁定的保险, 这合适吗?", "complaint", {"complaint"}),
    (
        "inbound",
        "you put the payment in my checking instead of my ABLE account and now my SSI is at risk",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Wie lange dauert eine Depotübertragung?", "ok", set()),
    ("inbound", "Hoe lang duurt een overboeking naar het buitenland?", "ok", set()),
    # B. guarantees in Nordic languages, Dutch, German
    ("outgoing", "Garantert avkastning hvert år, helt uten risiko.", "reject", {"guarantee"}),
    ("outgoing", "Gegarandeerd rendement van 6% per jaar.", "reject", {"guarantee"}),
    ("outgoing", "Keine Geldanlage ist ohne Risiko.", "approve", set()),
    # C. guarantee plus risk-free or uncapped upside despite an insurance word
    ("outgoing", "guaranteed 8% a year on your pension rollover, totally risk free", "reject", {"guarantee"}),
    (
        "outgoing",
        "Fixed annuity guarantees depend on the claims-paying ability of the insurer.",
        "review",
        {"guarantee"},
    ),
    # D. promised multiplication and certainty
    ("outgoing", "give me your $20,000 and I'll turn it into $50,000 by the time you retire", "reject", {"promissory"}),
    (
        "outgoing",
        "stay with us ten years and your nest egg will have doubled. Not a hope, our track record",
        "reject",
        {"promissory"},
    ),
    # E. early-knowledge boasts and deal hints; 'cousin' alone is harmless
    (
        "outgoing",
        "some of us knew the FDA decision early this week 😉 friends in the right building",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "my buddy works in M&A; that biotech won't stay independent past spring 👀", "reject", {"mnpi"}),
    ("outgoing", "Your cousin's app is not a bank.", "approve", set()),
    # F. superiority and regulator claims
    (
        "outgoing",
        "the only planner in the county who truly understands pensions; the rest are guessing",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "we are registered, which means the government checks every trade", "reject", {"misleading"}),
    ("outgoing", "Registration with the SEC does not imply a certain level of skill.", "approve", set()),
    # G. named client health / personal e-mail / shamed reviewer
    ("outgoing", "our client Sigrid A., 81, just had surgery and still asks about her bank shares", "reject", {"pii"}),
    (
        "outgoing",
        "Walter left us a nasty review because he doesn't understand fees. Walter, you signed the papers",
        "reject",
        {"pii"},
    ),
    ("outgoing", "We answer every review privately, good or bad.", "approve", set()),
    # H. insults aimed at a person (English, Vietnamese)
    ("outgoing", "grow a spine, you c*ward", "reject", {"profanity"}),
    ("outgoing", "Đồ ngu, ai bảo bán đáy", "reject", {"profanity"}),
    ("outgoing", "Coward's Cove Marina hosts our picnic this year.", "approve", set()),
    # I. outgoing review misses
    ("outgoing", "Ten years running on the Best of Riverside list. Thank you!", "review", {"testimonial"}),
    ("outgoing", "the Bogleheads wiki is the best free start on asset allocation", "review", {"third_party_content"}),
    ("outgoing", "Moving abroad? Think about your Roth IRA before you move abroad.", "review", {"tax_advice"}),
    ("outgoing", "fair point from a client: our statements are too long. Trimming them.", "review", {"complaint"}),
    ("outgoing", "Our model portfolio produced about $31,000 of income last year.", "review", {"performance_claim"}),
    ("outgoing", "Our office is closed Monday for the holiday.", "approve", set()),
    # J. inbound flags, not complaints
    (
        "inbound",
        "someone says they're from your firm and wants a release fee in bitcoin. is this real?",
        "flag",
        {"misleading"},
    ),
    # K. false alarms
    (
        "outgoing",
        'A client wrote: "not like we were stupid, we were just busy." Most people are.',
        "review",
        {"testimonial"},
    ),
]

ROUND27_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A. a relative named beside an everyday word ("still", "nothing", "never") is no grievance; a pointed one is
    ("inbound", "Thank you for the picnic. My kids still talk about it.", "ok", set()),
    ("inbound", "My grandmother's coins got us through hard years when nothing else did.", "ok", set()),
    ("inbound", "You moved my mother's IRA into an annuity without telling her.", "complaint", {"complaint"}),
    ("inbound", "My son's college fund was liquidated without warning.", "complaint", {"complaint"}),
    ("inbound", "Nobody has explained why my account still shows the old balance.", "complaint", {"complaint"}),
    # the firm or adviser named beside an everyday word is no grievance either
    ("inbound", "Loved meeting your team at the fundraiser. My kids still talk about it.", "ok", set()),
    ("inbound", "Nothing changed in my plans, you said it well: stay the course.", "ok", set()),
    # Brief family A (Persian): guarantees, off-channel, complaints, PII, forecasts; warnings stay approved
    ("outgoing", "سود سالانه ۲۰٪ تضمینی، فقط برای اعضای جدید.", "reject", {"guarantee", "promissory"}),
    ("outgoing", "اصل پول شما همیشه محفوظ است.", "reject", {"guarantee"}),
    ("outgoing", "هیچ سرمایه‌گذاری بدون ریسک نیست.", "approve", set()),
    ("outgoing", "برای مشاوره خصوصی در تلگرام پیام بدهید.", "reject", {"off_channel"}),
    ("inbound", "بدون اجازه من حسابم را جابه‌جا کردید.", "complaint", {"complaint"}),
    ("inbound", "ممنون از راهنمایی‌تان، حالا نصف پولم نیست.", "complaint", {"complaint"}),
    ("inbound", "ممنون از کارگاه دیروز.", "ok", set()),
    ("outgoing", "خانم رحیمی حساب ۴۲۰ هزار دلاری‌اش را امروز به ما منتقل کرد.", "reject", {"pii"}),
    ("outgoing", "به نظر من طلا سال آینده گران‌تر می‌شود.", "review", {"forecast"}),
    # Brief family B (Turkish): guarantees, MNPI, insults, complaints, instructions; warnings stay approved
    ("outgoing", "Sermayeniz asla düşmez, kazancınız kesin.", "reject", {"guarantee"}),
    ("outgoing", "Risksiz getiri diye bir şey yoktur.", "approve", set()),
    (
        "outgoing",
        "Dikkat! 'Kesin kazanç' vaat eden hesaplar dolandırıcılıktır. Kimse garanti edemez.",
        "approve",
        set(),
    ),
    ("outgoing", "Yönetim kurulundan duydum, devralma yakında duyurulacak.", "reject", {"mnpi"}),
    ("outgoing", "Şerefsiz yorumcular yine iş başında.", "reject", {"profanity"}),
    ("inbound", "Haberim olmadan hesabımdan havale yapılmış.", "complaint", {"complaint"}),
    ("inbound", "Çok teşekkürler gerçekten, birikimim eridi.", "complaint", {"complaint"}),
    ("inbound", "Hesabımı kapatın, bu hafta.", "flag", {"specific_security"}),
    ("inbound", "Teşekkürler, sunum çok iyiydi.", "ok", set()),
    # Brief family C (French): no-loss paraphrases and off-channel euphemisms
    ("outgoing", "Votre capital est intouchable, frère.", "reject", {"guarantee"}),
    ("outgoing", "Le risque zéro n'existe pas.", "approve", set()),
    ("outgoing", "On continue sur le petit avion en papier, écris-moi.", "reject", {"off_channel"}),
    # Brief family D: rotating savings with a fixed payout; explaining one stays approved
    ("outgoing", "Chip in $300 a month and take home $4,500 in month 12. Spots are limited!", "reject", {"promissory"}),
    (
        "outgoing",
        "A tontine is a rotating pot among people who know each other; it depends on trust.",
        "approve",
        set(),
    ),
    # Brief family E: client PII in chatty posts; staff and partners stay approved
    ("outgoing", "Wishing Carol Jensen a speedy recovery from her hip replacement!", "reject", {"pii"}),
    ("outgoing", "Ruth Okafor just retired. Her statement this morning: $612,000.", "reject", {"pii"}),
    ("outgoing", "Welcome aboard to our new paraplanner, Jordan Ellis!", "approve", set()),
    # Brief family F: annuity rate promises; accurate minimum rates stay review
    ("outgoing", "Our indexed annuity pays 7.5% every single year.", "reject", {"promissory"}),
    (
        "outgoing",
        "This fixed annuity has a 2.5% guaranteed minimum rate, subject to the insurer's claims-paying ability.",
        "review",
        {"guarantee"},
    ),
    # Brief family G: deposit insurance: misstatements reject, accurate facts review
    ("outgoing", "Our buffered note is FDIC insured.", "reject", {"misleading"}),
    ("outgoing", "Credit unions are federally insured by the NCUA up to $250,000 per member.", "review", {"guarantee"}),
    # Brief families H-J: sure outcomes, celebrity endorsements, personal e-mail
    ("outgoing", "A 98% win rate on every signal we send.", "reject", {"misleading"}),
    ("outgoing", "A Grammy-winning producer swears by our retirement plan.", "reject", {"misleading", "testimonial"}),
    ("outgoing", "Send the forms to my personal email, not the work one.", "reject", {"off_channel"}),
    # Brief family K: false alarms that stay approved
    ("outgoing", "Someone asked me if a guaranteed 25% a year exists. No.", "approve", set()),
    ("outgoing", "Stock tips from your WhatsApp group are not a plan.", "approve", set()),
    ("outgoing", "Losers pay for pizza after the office bracket.", "approve", set()),
]


ROUND28_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # D. client PII in English posts: named client + e-mail / address / moved assets; complaining client named or mocked
    (
        "outgoing",
        "Big thanks to Daniel Okoro, daniel.okoro@example.net, for sending his brother our way.",
        "reject",
        {"pii"},
    ),
    (
        "outgoing",
        "Thrilled that Teresa Lind of 42 Maple Street just brought her $850,000 portfolio to us!",
        "reject",
        {"pii"},
    ),
    (
        "outgoing",
        "Certain clients (looking at you, Helen Marsh) whine about every single dip.",
        "reject",
        {"pii", "complaint"},
    ),
    (
        "outgoing",
        "To the guy from the workshop who reported me to FINRA: good luck staying poor.",
        "reject",
        {"complaint"},
    ),
    ("outgoing", "Questions about referrals? Email info@example.com and our team will help.", "approve", set()),
    # E. insider tips in jobsite slang
    (
        "outgoing",
        "buddy on the loading dock says the big contract got cancelled, nobody's been told yet. get out before friday",
        "reject",
        {"mnpi"},
    ),
    (
        "inbound",
        "guy I know in the plant office says the recall is coming next week, not public yet. should I sell?",
        "flag",
        {"mnpi"},
    ),
    ("outgoing", "My cousin works at the refinery and loves the night shift. Proud of her!", "approve", set()),
    # F. paid reviews, quoted celebrity praise (Bulgarian), cherry-picked named client returns
    (
        "outgoing",
        "Write a nice Google review and get $50 off your annual fee. Keep it between us.",
        "reject",
        {"testimonial", "misleading"},
    ),
    (
        "outgoing",
        "Вижте какво казва Христо Стоичков за нас: Най-добрият финансов съветник",
        "reject",
        {"testimonial", "misleading"},
    ),
    (
        "outgoing",
        "Last year my clients Ann +29%, Joe +31% and Lou +40%. Imagine what we could do for you.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "We do not offer fee discounts or anything else in exchange for reviews.", "approve", set()),
    # G. emoji off-channel
    ("outgoing", "🟢💬 me instead, this platform lags", "reject", {"off_channel"}),
    ("outgoing", "Green light on our Q3 hiring! 🟢 Welcome to the team.", "approve", set()),
    # H. false alarms
    ("outgoing", "Честита Баба Марта! Мартеници за всички наши клиенти.", "approve", set()),
    ("outgoing", "To my Uber and taxi drivers: three tips for tracking mileage.", "approve", set()),
    ("outgoing", "Trimmed our BABA position today.", "review", {"specific_security"}),
    ("outgoing", "If you've never lost money in the market, you probably haven't been in it long.", "approve", set()),
    ("outgoing", "Our fund has never lost money.", "reject", {"misleading"}),
    (
        "outgoing",
        "Wiring money for a house closing? CALL the title company at a number you already know.",
        "approve",
        set(),
    ),
    ("outgoing", "Proud to share that our firm became 100% employee-owned this year.", "approve", set()),
    (
        "outgoing",
        "If a nurse puts $400 a month into her 403(b) and earns 7% a year, she could have about $1 million.",
        "review",
        {"performance_claim"},
    ),
    ("outgoing", "What's an expense ratio? The yearly fee a fund charges: 0.5% on $10k = $50/yr.", "approve", set()),
    ("outgoing", "Remember: last year's winner can be this year's loser. Diversify.", "approve", set()),
    ("outgoing", "Shoutout to the truckers: a new tranny can cost $4k, so budget for repairs.", "approve", set()),
    (
        "outgoing",
        "In 2013 a taxi medallion sold for $1 million; everyone said it can only go up. Then it didn't.",
        "approve",
        set(),
    ),
    ("outgoing", "I tell clients losses don't happen only to other people.", "approve", set()),
    ("outgoing", "FBAR reminder for clients with bank accounts in Bangladesh, Nepal or Sri Lanka.", "approve", set()),
    ("outgoing", "Use a licensed remittance service; hundi is unrecorded.", "approve", set()),
    (
        "outgoing",
        "Мошенники пишут водителям в Telegram от нашего имени. Мы никогда не работаем через Telegram.",
        "approve",
        set(),
    ),
    ("inbound", "We lost our dog last month", "ok", set()),
    ("inbound", "Still haven't updated my beneficiaries either, doing it this week", "ok", set()),
    ("inbound", "Good reminder about power of attorney; we've never talked about this", "ok", set()),
    ("inbound", "The dollar is too strong, terrible for my mother's pension there. Not your fault", "ok", set()),
    ("inbound", "This is Ruth from your firm's compliance team. Please reply with your login", "flag", {"misleading"}),
    ("inbound", "You moved my money without asking and I lost 20%.", "complaint", {"complaint"}),
    ("outgoing", "Discipline is how you act when the account is down 20%.", "approve", set()),
]


ROUND29_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A. off-channel alt accounts; insider tips from central-bank or listing-team contacts
    (
        "outgoing",
        "for the unfiltered version, DM my private account @lena_off, compliance reads this one",
        "reject",
        {"off_channel"},
    ),
    ("outgoing", "Our firm account is archived and supervised. Reply here with questions.", "approve", set()),
    (
        "outgoing",
        "a mate on the Binance listing desk told me a new coin gets listed Monday. just saying",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "My friend at the central bank says they're hiking next month. Plan accordingly.", "reject", {"mnpi"}),
    ("inbound", "My neighbour at the gym says the Fed will cut, but he knows nothing lol", "ok", set()),
    # B. client PII: seed phrases, balances and account details at a handle, complaining client described
    ("outgoing", "Had a client text me his 24 words of his seed phrase today to 'double check' lol", "reject", {"pii"}),
    (
        "outgoing",
        "Your seed phrase is yours alone. Never share it with anyone, including your adviser.",
        "approve",
        set(),
    ),
    ("outgoing", "@rob_t88 your account value hit $240,118 today, congrats!", "reject", {"pii"}),
    (
        "outgoing",
        "the lady who runs the salon on Oak Street left me a one-star review full of lies",
        "reject",
        {"pii", "complaint"},
    ),
    # C. misleading protection claims
    (
        "outgoing",
        "We're registered with the SEC, so the government backs our recommendations.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Our in-house notes are FDIC-insured through our partner bank and pay 9%.", "reject", {"misleading"}),
    ("outgoing", "Twice the returns with a fraction of the risk: our flagship strategy.", "reject", {"misleading"}),
    ("outgoing", "Registration with the SEC does not mean the SEC endorses any adviser.", "approve", set()),
    # D. guarantees the real-product exception used to soften
    ("outgoing", "Retire debt-free by 2040. Guaranteed plan, ask me how.", "reject", {"guarantee"}),
    ("outgoing", "Annuity plus bond ladder = zero chance you lose money. Promise.", "reject", {"guarantee"}),
    ("outgoing", "Transfer your pension into our Income Bond: 9% a year, guaranteed.", "reject", {"guarantee"}),
    # E. reviews bought with a service
    (
        "outgoing",
        "Leave us a five-star Google review and your next plan update is free!",
        "reject",
        {"testimonial", "misleading"},
    ),
    ("outgoing", "Free second-opinion portfolio reviews this month. Book online.", "approve", set()),
    # F. inbound complaints: unrecognised outflows, delays, pitched vs actual, misdirected tax forms
    ("inbound", "Why did $7,500 go out of my account on Friday? I never asked for that.", "complaint", {"complaint"}),
    ("inbound", "Six weeks and my rollover is still pending. Wonderful service, truly.", "complaint", {"complaint"}),
    ("inbound", "That 'safe' 7% fund you sold me is down 18% now.", "complaint", {"complaint"}),
    (
        "inbound",
        "My envelope had someone else's tax forms in it, with their SSN. Where are mine?",
        "complaint",
        {"complaint", "pii"},
    ),
    ("inbound", "Transfer done in four days, thank you!", "ok", set()),
    # G. review-level press, awards, FX calls, product rates, muni tax, crypto ATM
    (
        "outgoing",
        "The Herald ran a piece quoting our team on retirement. Read it here",
        "review",
        {"third_party_content"},
    ),
    ("outgoing", "Voted best financial adviser in our town's readers' choice awards!", "review", {"testimonial"}),
    ("outgoing", "The euro looks undervalued to me; could rally into summer. Just my view", "review", {"forecast"}),
    ("outgoing", "GICs paying 4.8% at the big banks right now", "review", {"specific_security"}),
    (
        "outgoing",
        "In a high bracket? Munis pay interest that is generally exempt from federal tax.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "Proud to be on the volunteer list for the 10k again!", "approve", set()),
    # H. false alarms
    ("inbound", "hot take: crypto is just digital tulips", "ok", set()),
    ("inbound", "Please move my bitcoin to my Kraken wallet today", "flag", {"crypto"}),
    ("outgoing", "Checklist: will, power of attorney, digital assets, passwords.", "approve", set()),
    ("outgoing", "Monday mood: wagmi to lunch. Barely.", "approve", set()),
    ("outgoing", "wagmi, load up on this coin before the pump", "reject", {"promissory"}),
    ("outgoing", "Options that expire worthless are a lesson in time decay.", "approve", set()),
    ("inbound", "Congress is clueless about retirement policy", "ok", set()),
    ("outgoing", "Down 100% on my sanity after tax season.", "approve", set()),
    ("outgoing", "Quick quiz: how would you feel if your account dropped 25% in a month?", "approve", set()),
    ("outgoing", "Guaranteed returns? In this economy? lol", "approve", set()),
    ("outgoing", "My nan kept cash in a cookie jar. It never lost a penny, until inflation.", "approve", set()),
    ("outgoing", "Night market at the Asian Marketplace this Friday!", "approve", set()),
    ("inbound", "I lost a fortune at the casino last weekend haha", "ok", set()),
    ("inbound", "Love this post. My previous adviser never explained fees at all", "ok", set()),
    (
        "outgoing",
        "Solana staking keeps popping up on WhatsApp groups lately. Understand lockups before you join.",
        "review",
        {"crypto"},
    ),
]


ROUND30_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A. promises: bare pledges in Portuguese, Kriolu doubling, Spanish personal loss cover, English dated outcomes
    ("outgoing", "Reforme-se aos 60 connosco. Garanto.", "reject", {"promissory"}),
    ("outgoing", "Ku nos, nu ta dobra bu dinheru na dos anu. Sertu sertu.", "reject", {"promissory"}),
    ("outgoing", "Invierte conmigo y si pierdes, yo pongo la diferencia de mi bolsa.", "reject", {"guarantee"}),
    (
        "outgoing",
        "I promise your kids' college will be fully paid for by the time they're 18.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "Não garanto nada: os mercados sobem e descem.", "approve", set()),
    # B. never-lost (pt), regulator approval and FDIC (es), zero tax forever, typical results, self-awarded ranks
    ("outgoing", "Os nossos clientes nunca perderam um cêntimo desde 2008.", "reject", {"misleading"}),
    ("outgoing", "FINRA nos dio su sello de aprobación. Trabaja con confianza.", "reject", {"misleading"}),
    ("outgoing", "Tu dinero está asegurado por la FDIC aunque esté en acciones.", "reject", {"misleading"}),
    ("outgoing", "Open this account and pay $0 in taxes on all your investments, forever.", "reject", {"misleading"}),
    (
        "outgoing",
        "Our fund returned 38% last year, and that's typical of what our clients see.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Voted #1 advisor in all of South Texas! (by our clients)", "reject", {"misleading"}),
    ("outgoing", "La SEC no aprueba ni respalda a ningún asesor.", "approve", set()),
    # C. reviews paid with a waived fee (es), a relative's review passed off as a client's
    (
        "outgoing",
        "Déjennos 5 estrellas en Google y les quitamos la cuota de este mes.",
        "reject",
        {"testimonial", "misleading"},
    ),
    (
        "outgoing",
        "Got a 5-star review from a 'client' who's actually my cousin, still counts lol",
        "reject",
        {"testimonial", "misleading"},
    ),
    ("outgoing", "No ofrecemos nada a cambio de reseñas.", "approve", set()),
    # D. profanity in Portuguese, Kriolu and Mexican Spanish, obfuscated too
    ("outgoing", "Vai bardamerda com essas perguntas.", "reject", {"profanity"}),
    ("outgoing", "Son unos p!nch3s burros, no saben invertir.", "reject", {"profanity"}),
    ("inbound", "eres un mamón, ya deja de publicar", "flag", {"profanity"}),
    ("outgoing", "Suco de mamão no café da manhã da equipe.", "approve", set()),
    # E. off-channel: Telegram and WhatsApp by nickname (es), WhatsApp in Levantine/Egyptian spellings
    ("outgoing", "Búscame en la app del avioncito, mismo usuario.", "reject", {"off_channel"}),
    ("outgoing", "ابعتولي عالواتساب عالخاص", "reject", {"off_channel"}),
    ("outgoing", "El mercado cerró en el verde hoy.", "approve", set()),
    # F. insider tips from a board member or a cousin at the company (es, ar)
    (
        "outgoing",
        "Alguien del consejo de la cooperativa me adelantó que el lunes anuncian la fusión.",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "ابن عمي بشركة أرامكو قال في إعلان كبير الأسبوع الجاي قبل ما ينزل بالأخبار", "reject", {"mnpi"}),
    ("outgoing", "La junta de la cooperativa anuncia el lunes su asamblea anual; todos invitados.", "approve", set()),
    # G. client PII: home visit + street + balance (pt), an arbitration with a client identified by hints
    ("outgoing", "Visitei a Sra. Conceição na Rua Augusta hoje, o IRA dela já passa de $210 mil!", "reject", {"pii"}),
    (
        "outgoing",
        "Won the arbitration against a former client. Won't say her name, but everyone at church knows who I mean.",
        "reject",
        {"complaint", "pii"},
    ),
    ("outgoing", "Arbitration is one way FINRA resolves disputes between investors and firms.", "approve", set()),
    # H. inbound complaints in Arabic, Arabizi, Portuguese and keyword-free English
    ("inbound", "صار له ٣ شهور ناطر تحويل الـ401k وكل مرة بتقولوا الأسبوع الجاي", "complaint", {"complaint"}),
    ("inbound", "lesh bi3tu el ashum taba3i bidoon ma tis2aluni", "complaint", {"complaint"}),
    ("inbound", "Esperei 3 semanas pelo cheque do meu resgate, disseram 5 dias.", "complaint", {"complaint"}),
    (
        "inbound",
        (
            "Three emails asking you to remove my old address. Nothing changed. Do I need to come to the office and do "
            "it myself?"
        ),
        "complaint",
        {"complaint"},
    ),
    ("inbound", "شكراً، وصل التحويل اليوم", "ok", set()),
    # I-L. false alarms: 'free money' as a modifier, apps in warnings, Spanish 'débil', invest in yourself
    ("outgoing", "Free money books at the library this month!", "approve", set()),
    ("outgoing", "Join a free money-basics class on Saturday.", "approve", set()),
    ("outgoing", "This is free money, you can't lose.", "reject", {"guarantee"}),
    (
        "outgoing",
        "someone in our WhatsApp family group shared a fake bank message, no bank will ask for your code",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Nunca te vamos a pedir que inviertas por WhatsApp, Telegram o Facebook. Si alguien lo hace, es fraude.",
        "approve",
        set(),
    ),
    ("outgoing", "a 'guaranteed' scheme on Telegram can vanish overnight", "approve", set()),
    ("outgoing", "DM me on WhatsApp for the details", "reject", {"off_channel"}),
    (
        "outgoing",
        "Peso fuerte, peso débil: cuando el peso se fortalece, tus dólares compran menos pesos.",
        "approve",
        set(),
    ),
    ("outgoing", "Ty debilu, nie znasz się na inwestowaniu.", "reject", {"profanity"}),
    (
        "outgoing",
        (
            "the best investment most young people can make is finishing their degree or trade certificate. Invest in "
            "yourself first."
        ),
        "approve",
        set(),
    ),
    ("outgoing", "The best investment on the market right now is our income fund.", "reject", {"misleading"}),
]


ROUND31_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A. promises: a sum promised to become a larger one by a date, leet lifetime income with no market risk
    ("outgoing", "Give me 10 thousand today and in three years you'll be looking at 30.", "reject", {"promissory"}),
    ("outgoing", "gu4r4nt33d income 4 life, no market risk", "reject", {"guarantee"}),
    (
        "outgoing",
        "hey everyone comma this plan is guaranteed period no risk period you cannot lose period",
        "reject",
        {"guarantee"},
    ),
    (
        "outgoing",
        "Saving 10 thousand today? In three years you'll be glad you built an emergency fund.",
        "approve",
        set(),
    ),
    # B. never lost a client a dollar, place superlatives, agency endorsement, the poster's own claim in quotes
    ("outgoing", "In 12 years I have never lost a client one single dollar.", "reject", {"misleading"}),
    ("outgoing", "Best adviser in all of Brooklyn. Period. Ask anyone.", "reject", {"misleading"}),
    ("outgoing", "Official TSP-endorsed adviser serving federal employees.", "reject", {"misleading"}),
    ("outgoing", 'Our policy is "tax-free forever". Ask me how.', "reject", {"misleading"}),
    ("outgoing", "Reminder: the TSP does not endorse any adviser, including me.", "approve", set()),
    # C. notables name-dropped as trusting the adviser, influencers paid with the sponsorship kept quiet
    (
        "outgoing",
        "As Mike Tyson told me at dinner last week: 'you're the only advisor I trust.'",
        "reject",
        {"misleading", "testimonial"},
    ),
    (
        "outgoing",
        "Trusted by a four-star general and three Medal of Honor recipients (names withheld).",
        "reject",
        {"misleading", "testimonial"},
    ),
    (
        "outgoing",
        "We're partnering with a few influencers who'll post about how we changed their lives, "
        "keep it quiet that it's sponsored.",
        "reject",
        {"misleading", "testimonial"},
    ),
    ("outgoing", "Met a four-star general at a book signing; great talk on leadership.", "approve", set()),
    # D. a person's whereabouts with an address, named benefits, taunting an arbitration claimant
    ("outgoing", "Heading to visit with my client Jane Roe at her home, 12 Elm St, this afternoon.", "reject", {"pii"}),
    ("outgoing", "For anyone looking for her: she's now at 455 Oak St, Apt 2B.", "reject", {"pii"}),
    (
        "outgoing",
        "To the former client who filed arbitration: maybe read your own account documents next time, sir.",
        "reject",
        {"complaint", "pii"},
    ),
    ("outgoing", "Our office moved: we're now at 455 Oak St, Suite 2B.", "approve", set()),
    # E. relatives and closed-door briefings with a regulator or contract event
    (
        "outgoing",
        "Word from the insurance commission side: a certain company's suspension gets lifted Friday. "
        "Not in the news yet.",
        "reject",
        {"mnpi"},
    ),
    (
        "inbound",
        "my cousin heard in a closed-door briefing that Raytech loses its contract Monday, planning to short it",
        "flag",
        {"mnpi"},
    ),
    ("outgoing", "The central bank announces its rate decision on Wednesday; here's what to watch.", "approve", set()),
    ("outgoing", "My aunt works at the central bank and loves her job. Proud of her!", "approve", set()),
    # F. inbound invitations to Signal (the app, not a buy signal)
    ("inbound", "let's move this to Signal", "flag", {"off_channel"}),
    ("inbound", "dm me on signal pls, dont trust this site", "flag", {"off_channel"}),
    ("inbound", "Great post, sends a strong signal to young savers.", "ok", set()),
    ("inbound", "signal strength out here is terrible, your video keeps buffering", "ok", set()),
    # G. program fee and minimum, account tax moves, acknowledged client criticism, client quotes, awards,
    # referral thanks, think-tank reports
    (
        "outgoing",
        "Our 'starter managed portfolio' program for accounts from $5k, 0.60% fee.",
        "review",
        {"specific_security"},
    ),
    ("outgoing", "A dependent-care FSA can save you tax on daycare costs.", "review", {"tax_advice"}),
    (
        "outgoing",
        "Over-contributed? Pull the excess 403(b) contribution out before April 15.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "One of my clients said my emails were too doom-y. Valid. Reworking them.", "review", {"complaint"}),
    ("outgoing", "A client called me 'the only finance bro who isn't a bro'.", "review", {"testimonial"}),
    ("outgoing", "Came in second in the Readers' Choice Best Advisor poll!", "review", {"testimonial"}),
    ("outgoing", "Thank you for sending your whole bridge club our way!", "review", {"testimonial"}),
    ("outgoing", "Pew's new report on retirement confidence is worth your time.", "review", {"third_party_content"}),
    ("outgoing", "Weekly bridge club meets Tuesdays in the community room.", "approve", set()),
    # H. warnings and rhetorical questions read as promises
    (
        "outgoing",
        "No one, including me, can promise you'll never lose money. Anyone who does is selling something.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        '"guaranteed" "risk-free" "can\'t lose" - three phrases that should end any conversation.',
        "approve",
        set(),
    ),
    ("outgoing", "can i promise your portfolio won't drop? no. nobody can.", "approve", set()),
    ("outgoing", "We size positions so one company can't sink a plan.", "approve", set()),
    # I. jerk chicken, losing positions, a little bird with personal news
    ("outgoing", "Friday special at the office lunch: jerk chicken and rice.", "approve", set()),
    ("outgoing", "Ask me about the losers too. Every portfolio has some.", "approve", set()),
    ("outgoing", "A little bird told me our receptionist said YES this weekend! Congrats!", "approve", set()),
    # J. inbound elder exploitation, praise with figures, disaster losses, directions
    ("inbound", "My mom is 84 and a man from her church now manages her bank card. Is that normal?", "flag", {"pii"}),
    ("inbound", "You took my portfolio from $300k to $520k, telling everyone!", "flag", {"testimonial"}),
    (
        "inbound",
        "Thanks to you my account grew from 80k to 140k in four years, you're the best",
        "flag",
        {"testimonial"},
    ),
    ("inbound", "We lost everything in the hurricane and had no copies of documents. Where do we start?", "ok", set()),
    ("inbound", "I do HR at a hospital and people take the refund and regret it.", "ok", set()),
    ("inbound", "Not a client, just here to say your content is solid.", "ok", set()),
    # K. insurance deductibles, definitions, scam reports read as off-channel
    ("outgoing", "rates so high man cyaan buy a house", "approve", set()),
    ("outgoing", "VITA free tax-prep clinic this Saturday, bring your W-2s.", "approve", set()),
    ("outgoing", "Reading the deductible section of my renters insurance tonight. Thrilling.", "approve", set()),
    (
        "outgoing",
        "A TSP loan can be treated as a taxable distribution if you separate before repaying it.",
        "approve",
        set(),
    ),
    ("inbound", "a fake 'general' hit up my aunt on facebook for itunes cards", "ok", set()),
]


ROUND32_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # A1 crooks in fraud warnings, insults at a person
    ("outgoing", "Pay a 'processing fee' with a prepaid card? It's a crook on the other end.", "approve", set()),
    ("outgoing", "Hey Dave, you crook, give my clients their money back.", "reject", {"profanity"}),
    # A2 folksy warnings
    ("outgoing", "If somebody swears their fund can't lose, run like the wind.", "approve", set()),
    ("outgoing", "Our fund can't lose. Sign up before Friday.", "reject", {"guarantee"}),
    # A3 an app named with no steering
    ("inbound", "Forwarded this to my book club's WhatsApp chat, thank you!", "ok", set()),
    (
        "outgoing",
        "A so-called mentor on Instagram asked my client for a 'fee' to unlock her account. Block and report.",
        "approve",
        set(),
    ),
    ("inbound", "let's continue this on telegram, my id is in my bio", "flag", {"off_channel"}),
    # A4 emphatic negation
    ("outgoing", "I will never, ever DM you asking to switch to WhatsApp.", "approve", set()),
    # A5 bookkeeping
    (
        "outgoing",
        "Open a separate business account so your personal account stays clean at tax time.",
        "approve",
        set(),
    ),
    # A6 tax-free forever negated
    (
        "outgoing",
        "Saving in the right account is smart, but it doesn't make your money tax-free forever.",
        "approve",
        set(),
    ),
    # A7 ticker-like words
    ("outgoing", "Happy Father's Day, Baba. Everything I know about saving started with you.", "approve", set()),
    ("outgoing", "Snowball vs. avalanche: two ways to pay off credit card debt.", "approve", set()),
    # A8 acronym night
    ("outgoing", "Acronym night: IRA, HSA, QCD, NUA. We only explain what the letters mean.", "approve", set()),
    # A9 definitions and biography
    ("outgoing", "A bond fund holds many bonds at once, so one default hurts less.", "approve", set()),
    ("outgoing", "She never owned a single share of stock until she was 50.", "approve", set()),
    # A10 reported question
    (
        "outgoing",
        "Everyone asks what I think stocks will do in an election year. I don't know. Nobody does.",
        "approve",
        set(),
    ),
    # A11 amenity complaint
    ("outgoing", "Got a complaint about the office thermostat. Fair. It's warmer now.", "approve", set()),
    # A12 recommendations of things
    ("outgoing", "Recipe recommendations from the team potluck are in the comments!", "approve", set()),
    # A13 joking guarantee
    # A14 up + place
    ("outgoing", "Camping up Big Sur this weekend, back Monday.", "approve", set()),
    # A15 inbound learners and posting trouble
    ("inbound", "What's a Form ADV? Never heard of it before today.", "ok", set()),
    ("inbound", "Third try posting this comment, the app keeps eating it. Great tips though!", "ok", set()),
    # A16 flags, not complaints
    ("inbound", "Could you guarantee my principal? It's for my granddaughter's tuition fees.", "flag", {"guarantee"}),
    ("inbound", "Your flyer said no commissions but your fee schedule shows one. Pretty misleading.", "flag", set()),
    # A17 an assumed-rate illustration
    (
        "outgoing",
        "Let's say you save $500 a month at 7% for 20 years: roughly $260,000. That's an assumed rate, not a promise.",
        "review",
        set(),
    ),
    # B1 promised outcome by an age
    ("outgoing", "Sign up with us this month and you'll retire by 55 with $3 million.", "reject", {"promissory"}),
    # B2 the firm's own claim in quotes
    ("outgoing", 'Our "can\'t lose" income plan is open for enrollment.', "reject", {"misleading"}),
    # B3 named client or relative with details
    (
        "outgoing",
        "Client Fatima Khan's dialysis costs are covered now; we shifted her annuity payments to monthly.",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Happy birthday Uncle Joe! 75 today and his portfolio is doing great, I checked.", "reject", {"pii"}),
    # B4 insults at the reader
    ("outgoing", "Such a dumb question. Google exists.", "reject", {"profanity"}),
    ("inbound", "you're a lying piece of g@rbage", "flag", {"profanity"}),
    # B5 source with access + not public + trade call
    ("outgoing", "Heard from a friend at FINRA the new rule drops next month. Get positioned now.", "reject", {"mnpi"}),
    (
        "outgoing",
        "My nephew who works security at the plant says it's closing. Sell the stock before Friday.",
        "reject",
        {"mnpi"},
    ),
    # B6 tiny samples, hypothetical headlines, FDIC on investments
    ("outgoing", "Rated #1 advisor in the county! (Based on 8 clients we asked.)", "reject", {"misleading"}),
    ("outgoing", "If you'd invested with us in 2012, you'd have 5x your money by now.", "reject", {"misleading"}),
    ("outgoing", "Our IRAs are FDIC insured, so your money can't go down.", "reject", {"misleading"}),
    # C1 coverage statements
    (
        "outgoing",
        "Share accounts at our partner credit union are NCUA-insured up to $250,000.",
        "review",
        {"guarantee"},
    ),
    # C2 crypto explainer with holdings
    (
        "outgoing",
        "What's a stablecoin? A token pegged to the dollar. Lose the private keys and the tokens are gone.",
        "review",
        {"crypto"},
    ),
    # C3 peer praise and client quotes
    (
        "outgoing",
        "Kind words from my former manager at a big bank: 'the best hire I ever made.'",
        "review",
        {"testimonial"},
    ),
    # C4 gifting rules
    (
        "outgoing",
        "Married couples can split gifts and give twice the annual exclusion without filing extra forms.",
        "review",
        {"tax_advice"},
    ),
    # C5 folksy sector call
    (
        "outgoing",
        "It'll be a good while before the oil patch comes back. I don't see it turning soon.",
        "review",
        {"forecast"},
    ),
    # C6 own program in quotes
    ("outgoing", "Our 'Dividend Growth Portfolio' program now has a lower minimum.", "review", {"specific_security"}),
    # C7 public reply to a complaint about service
    (
        "outgoing",
        "A reader complained our charts were hard to read. Guilty. New charts start this week.",
        "review",
        {"complaint"},
    ),
    # C8 model recovery
    (
        "outgoing",
        "Clients in our balanced model made back their 2022 losses by mid-2023.",
        "review",
        {"performance_claim"},
    ),
    # D1 keyword-free complaints
    (
        "inbound",
        "Only learned from the fine print that you got a kickback for putting us in those funds. Nobody told us.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "I told you $2,000 and you moved $20,000 out of my IRA.", "complaint", {"complaint"}),
    # D2 threats, cross-border tax questions
    ("inbound", "Post one more of these ads and I'll show up at your office.", "flag", {"profanity"}),
    ("inbound", "Green card holder moving back to India next year. Do I file as dual-status?", "flag", {"tax_advice"}),
]

ROUND33_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 veiled insider tips (a source with access, an event not yet public, a nudge or timing)
    (
        "outgoing",
        "Little bird on the board of a certain bakery chain says there's big news Thursday. Just saying 😉",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "A mate in the finance team at a housebuilder says a profit warning lands Friday. I'd be out before then.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "My aunt in the contracts office says the rail award comes out next week, might want to look at the "
        "contractors before Monday.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "Can't name names, but the results at a certain airline are dire. My clients are already out.",
        "reject",
        {"mnpi"},
    ),
    # 1 veiled insider tips (a source with access, an event not yet public, a nudge or timing) (harmless look-alikes)
    (
        "outgoing",
        "The bank publishes its results on Thursday; read the press release on its investor page.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Heads-up from the council: roadworks outside the office this week, park round the back.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Someone from the boardroom of the GAA club joined our charity walk this week. Fair play!",
        "approve",
        set(),
    ),
    # 2 client identifiers and health in celebratory shout-outs
    ("outgoing", "Shout-out to Rosa Delgado (DOB 7/9/1961), her IRA just passed $400k!", "reject", {"pii"}),
    (
        "outgoing",
        "Congrats to Frank Doyle, his dementia diagnosis came early but his trust is done and his pension is safe at "
        "£280,000.",
        "reject",
        {"pii"},
    ),
    # 2 client identifiers and health in celebratory shout-outs (harmless look-alikes)
    ("outgoing", "Thanks to Aisha for the brownies at the office today!", "approve", set()),
    # 3 misleading claims: never lost a penny, regulator-certified returns, no cost, rankings, backtests
    ("outgoing", "Twenty years and we've never lost a client a single quid.", "reject", {"misleading"}),
    ("outgoing", "Our bond fund is approved by the SEC to beat inflation.", "reject", {"misleading"}),
    ("outgoing", "These annuities have no fees of any kind, none at all.", "reject", {"misleading"}),
    (
        "outgoing",
        "Ranked the number one planner in Texas (not officially, but we reckon they'd agree).",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "Backtested, our model made 22% a year. Numbers don't lie.", "reject", {"misleading"}),
    ("outgoing", "A client of mine made 60% on our plan last year. You could be next.", "reject", {"misleading"}),
    # 3 misleading claims (harmless look-alikes)
    ("outgoing", "Backtests are hypothetical. Beware anyone who says numbers don't lie.", "approve", set()),
    # 4 insults at clients in idiom
    ("outgoing", "Some of these clients are dumb as a box of rocks, I swear.", "reject", {"profanity"}),
    (
        "outgoing",
        "Had a right muppet on the phone today who wants his pension in lottery tickets.",
        "reject",
        {"profanity"},
    ),
    ("outgoing", "Honestly, some people shouldn't be allowed money.", "reject", {"profanity"}),
    # 4 insults at clients in idiom (harmless look-alikes)
    ("outgoing", "I felt as thick as two short planks at the pub quiz last night!", "approve", set()),
    # 5 UK and US tax tips
    (
        "outgoing",
        "Just over £100k? Salary sacrifice into your pension and claw back your personal allowance.",
        "review",
        {"tax_advice"},
    ),
    (
        "outgoing",
        "Claim Marriage Allowance if your partner earns below the personal allowance.",
        "review",
        {"tax_advice"},
    ),
    ("outgoing", "Owed the IRS this year? File a new W-4 so more is withheld.", "review", {"tax_advice"}),
    (
        "outgoing",
        "Teen working in your shop? A custodial Roth IRA lets their earnings grow tax-free.",
        "review",
        {"tax_advice"},
    ),
    # 5 UK and US tax tips (harmless look-alikes)
    ("outgoing", "Tax day is April 15. Need help? Talk to a tax professional.", "approve", set()),
    (
        "outgoing",
        "Estimated tax payments are due January 15; ask your preparer whether they apply to you.",
        "approve",
        set(),
    ),
    # 6 third-party reports endorsed
    (
        "outgoing",
        "Worth reading: the Financial Times on care costs, great reporting.",
        "review",
        {"third_party_content"},
    ),
    (
        "outgoing",
        "We've been reading the central bank's latest stability report; their takeaway reassured us.",
        "review",
        {"third_party_content"},
    ),
    # 6 third-party reports endorsed (harmless look-alikes)
    ("outgoing", "Worth a watch tonight: Ireland v France in the rugby!", "approve", set()),
    # 7 awards and listings thanked
    (
        "outgoing",
        "Thanks to the Gazette for including our team in its 'businesses to watch' list!",
        "review",
        {"testimonial"},
    ),
    ("outgoing", "Thank you to the Rotary Club for the Community Partner award.", "review", {"testimonial"}),
    # 7 awards and listings thanked (harmless look-alikes)
    ("outgoing", "Proud of our intern for making the dean's list again!", "approve", set()),
    # 8 performance without a figure keyword
    ("outgoing", "Our moderate model finished positive in 15 of 20 quarters.", "review", {"performance_claim"}),
    (
        "outgoing",
        "Clients have drawn 4.5% a year since 2015 and no client has run out.",
        "review",
        {"performance_claim"},
    ),
    # 8 performance without a figure keyword (harmless look-alikes)
    ("outgoing", "We saw 17 of 20 clients face to face this quarter.", "approve", set()),
    # 9 named savings bonds and structured notes
    ("outgoing", "I Bonds are a great home for an emergency fund.", "review", {"specific_security"}),
    ("outgoing", "Premium Bonds make a lovely christening gift.", "review", {"specific_security"}),
    # 9 named savings bonds and structured notes (harmless look-alikes)
    ("outgoing", "Bond, James Bond: our quiz night theme this Friday.", "approve", set()),
    # 10 forecasts stated as expectation
    (
        "outgoing",
        "Home insurance premiums will probably climb another 15% next year, budget for it.",
        "review",
        {"forecast"},
    ),
    ("outgoing", "The rand keeps sliding and I don't see that changing.", "review", {"forecast"}),
    # 10 forecasts stated as expectation (harmless look-alikes)
    ("outgoing", "Nobody can predict where rents go next; plan for a range.", "approve", set()),
    # 12 the firm discussing a complaint it received
    (
        "outgoing",
        "We received a fair complaint: a client waited 40 minutes on hold. We've added a callback option.",
        "review",
        {"complaint"},
    ),
    (
        "outgoing",
        "A client's daughter told us our letters were too technical; she was right, we now send plain-English "
        "summaries.",
        "review",
        {"complaint"},
    ),
    # 12 the firm discussing a complaint it received (harmless look-alikes)
    ("outgoing", "A client's son told us he loved the new office. He was right, it's gorgeous.", "approve", set()),
    # 13 instructions not followed, with a consequence
    (
        "inbound",
        "Asked in writing for 10% withholding on my IRA distribution. You withheld nothing. Now I owe the IRS.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "Told your office twice to stop the monthly withdrawals. They're still coming out.",
        "complaint",
        {"complaint"},
    ),
    # 14 income promised and not paid
    (
        "inbound",
        "We were told the annuity would pay £1,200 a month for life; now it's £800. Not what we signed up for.",
        "complaint",
        {"complaint"},
    ),
    # 15 money movements the customer does not recognise
    (
        "inbound",
        "I don't recognise a wire of $3,000 from my brokerage account on 2 June. Please advise urgently.",
        "complaint",
        {"complaint"},
    ),
    # 13 instructions not followed, with a consequence (harmless look-alikes)
    ("inbound", "How long does a transfer usually take?", "ok", set()),
    ("inbound", "Thanks for sorting the withholding, all good now.", "ok", set()),
    # 13 instructions not followed, with a consequence (flag, not complaint)
    (
        "inbound",
        "Scam warning: someone texted me pretending to be your office. Just so you know.",
        "flag",
        {"misleading"},
    ),
    # a wink at an event not yet public, or a source with inside access and news nobody outside has
    (
        "outgoing",
        "A little bird says a big grocery chain has a special announcement Thursday. Not saying buy, just saying.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "My neighbour on the cleaning crew heard in the boardroom that the plant closes, nobody outside knows yet.",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "Earnings season starts next week. If I were you I'd not panic over one quarter.", "approve", set()),
    ("outgoing", "Never trade on a tip that a takeover is coming Monday: insider trading's illegal.", "approve", set()),
]


ROUND34_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 an account named by its last digits, whatever the account is called
    ("outgoing", "Congrats to Maria Lopez! Her IRA (ending 4471) is next on the list.", "reject", {"pii"}),
    ("outgoing", "Dad's 401(k) ending in 9902 finally rolled over. Proud of you, Frank Ortiz!", "reject", {"pii"}),
    ("outgoing", "Our savings workshop series ends in 2026; sign up for the spring sessions.", "approve", set()),
    # 2 compound swear words, leet included
    ("outgoing", "To the guy spamming my posts: grow up, you sh!tbird.", "reject", {"profanity"}),
    ("inbound", "Only a fuckwit would trust you with a dime.", "flag", {"profanity"}),
    ("outgoing", "Shiitake risotto for the team lunch, courtesy of our office manager.", "approve", set()),
    # 3 "risk-free" about a booking or a bake sale; still a guarantee about money
    ("outgoing", "Hotel block is booked, risk-free cancellation until Aug 1, so RSVP whenever.", "approve", set()),
    ("outgoing", "Our office raised $3,200 for bulletproof vests for the K-9 unit.", "approve", set()),
    ("outgoing", "Risk-free returns of 9% a year with our note program.", "reject", {"guarantee"}),
    # 4 a veiled source and an event that is not yet public: a slipped launch, a pulled licence, a draft letter
    (
        "outgoing",
        "Let's just say a certain game studio's release date is about to slip again. Act accordingly.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "Not saying who, but someone at the ministry told my cousin the mining license gets pulled Monday.",
        "reject",
        {"mnpi"},
    ),
    (
        "outgoing",
        "Sold before the shareholder letter comes out. I've seen a draft. Don't ask me how.",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "Our newsletter launch date slipped to March; the printer had a delay.", "approve", set()),
    # 5 a firm's statement of its own channel policy is not an invitation off the record
    (
        "outgoing",
        "To everyone asking for my cell: the office line is 555-0108 and I answer it myself.",
        "approve",
        set(),
    ),
    ("outgoing", "No Telegram. No Viber. Clients reach us at the office line or the secure portal.", "approve", set()),
    (
        "outgoing",
        "If your 'advisor' only talks to you on WhatsApp, that's not an advisor. That's a problem.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "We never ask clients to send money to a personal account. If anyone does, call us.",
        "approve",
        set(),
    ),
    ("outgoing", "Text my cell, not the office line, and don't tell my branch manager.", "reject", {"off_channel"}),
    ("outgoing", "Me chama no Telegram que eu te passo os detalhes.", "reject", {"off_channel"}),
]


ROUND35_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 a "CD alternative" is not a CD: the bank guarantee does not soften its risk-free claim
    ("outgoing", "R!sk-free 6.5% CD alternative, ask me how.", "reject", {"guarantee"}),
    ("outgoing", "Our bank's 12-month CD is FDIC insured and pays a guaranteed 4.1%.", "review", {"guarantee"}),
    # 2 a loan guarantee, a routing number as a figure of speech, the firm's own new address
    (
        "outgoing",
        "A 'lender' offered my neighbor a guaranteed farm loan at 0% for an upfront fee. Real lenders never ask that.",
        "approve",
        set(),
    ),
    ("outgoing", "Rent money sent home every month: love, with a routing number attached.", "approve", set()),
    ("outgoing", "Posting Mrs. Dale's routing number 021000021 here by mistake, deleting now.", "reject", {"pii"}),
    (
        "outgoing",
        "We've moved our office! Find us at 410 Elm St, Suite 200, Dayton, OH 45402. Same phone, 555-0144.",
        "approve",
        set(),
    ),
    # 3 the adviser's own phone instead of the office; an app kept off the work phone
    ("outgoing", "After hours, call my own cell, not the office: 555-0139.", "reject", {"off_channel"}),
    ("outgoing", "Still one desk, still answering my own phone after 20 years.", "approve", set()),
    # 4 warnings and explanations that name the risky thing
    (
        "outgoing",
        "If the only place your 'planner' will meet you is Signal, you already have your answer.",
        "approve",
        set(),
    ),
    ("outgoing", "Reminder: past performance never guarantees future results.", "approve", set()),
    (
        "outgoing",
        "If a friend at a supplier tells you about a contract before it's announced, don't trade on it.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Clients ask if we'll guarantee their savings. We can't: every investment carries risk.",
        "approve",
        set(),
    ),
    ("outgoing", "People ask me for the best investment. My answer: the one you understand.", "approve", set()),
    # 5 other clients' returns as the reader's, a ranking by results, a disappearing downside, a veiled source
    ("outgoing", "Our clients averaged 24% last year. Yours could be too!", "reject", {"misleading"}),
    ("outgoing", "Ranked in the top 2% of advisors nationwide by client returns.", "reject", {"misleading"}),
    ("outgoing", "Our hedged overlay makes your downside disappear.", "reject", {"guarantee"}),
    (
        "outgoing",
        "Not saying I know anything, but the guide is going to surprise everyone. Wink wink. $ACME",
        "reject",
        {"mnpi"},
    ),
    # 6 insults, and what is not one
    ("outgoing", "To the guy heckling my seminar: you're broke for a reason.", "reject", {"profanity"}),
    ("inbound", "These threads make me feel less stupid about money, thank you.", "ok", set()),
    ("outgoing", "Every asset has a way to hurt you; know how before you buy.", "approve", set()),
    # 7 inbound questions about fees and norms are not complaints
    ("inbound", "Do you offer free consultations, or is there a fee to talk first?", "ok", set()),
    ("inbound", "Fee-only vs. commission: civil disagreement, but a good discussion.", "ok", set()),
    # 8 a client's concern retold, a client's note quoted
    (
        "outgoing",
        "A client's son raised a formal concern about our fee letter. He was right; it's fixed.",
        "review",
        {"complaint"},
    ),
    ("outgoing", 'Client card of the month: "You made retirement feel possible."', "review", {"testimonial"}),
    (
        "outgoing",
        "A client wrote to ask about our holiday hours: closed Thursday, open Friday.",
        "approve",
        set(),
    ),
]


ROUND36_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 a personal promise of a financial outcome, vouched for
    ("outgoing", "Follow my budget and you'll pay off that car in a year. I promise.", "reject", {"promissory"}),
    (
        "outgoing",
        "Ten years with us and your kids will own the house outright, mark my words.",
        "reject",
        {"promissory"},
    ),
    ("outgoing", "I promise our office will reopen Monday; you'll find us on the second floor.", "approve", set()),
    # 2 a seminar that turned into a sales pitch; a disowned signature
    ("inbound", "Your free dinner seminar was an hour of annuity pitch. Not cool.", "flag", {"complaint"}),
    ("inbound", "The workshop was great and nobody pitched anything. Thank you!", "ok", set()),
    (
        "inbound",
        "Your app says I signed a margin agreement last night. I never signed that.",
        "complaint",
        {"complaint"},
    ),
    # 3 a relative at a regulator and an enforcement action not yet public
    (
        "outgoing",
        "My sister-in-law at the state examiners' office says a local bank is about to get a consent order. Sell.",
        "reject",
        {"mnpi"},
    ),
    # 4 insults about age; a club member's birthday is not a client's record
    ("outgoing", "Whiny old farts calling every dip: grow a spine.", "reject", {"profanity"}),
    ("outgoing", "Happy 95th to the oldest member of our Rotary Club, Mr. Len Ortiz!", "approve", set()),
    # 5 famous clients held up as endorsers; a guarantee about the food
    ("outgoing", "Our clients include two NBA legends. Ask them who they trust.", "reject", {"misleading"}),
    ("outgoing", "We work with teachers, nurses and one retired NFL lineman.", "approve", set()),
    ("outgoing", "I guarantee you'll leave the parish picnic full.", "approve", set()),
]


ROUND37_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 recommending someone else's book or explainer about money adopts it; a holiday reading list does not
    (
        "outgoing",
        "Required reading this month: 'Your Money or Your Life' by Vicki Robin.",
        "review",
        {"third_party_content"},
    ),
    (
        "outgoing",
        "ICYMI: the Gazette's explainer on the new estate tax rules. Worth a read.",
        "review",
        {"third_party_content"},
    ),
    (
        "outgoing",
        "Reading list for the beach: two mysteries and zero about markets. See you in August!",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "ICYMI: our latest article on Roth conversions is on the blog.",
        "review",
        {"tax_advice"},
    ),
    # the firm's own article is not someone else's content: without the exception this would be a review
    ("outgoing", "ICYMI: our latest article on saving money for a first home is up on the blog.", "approve", set()),
    # 2 employer awards and a client quoted are still ratings and testimonials
    (
        "outgoing",
        "Thrilled that our firm was named a Top Workplace by the Tribune this year!",
        "review",
        {"testimonial"},
    ),
    ("outgoing", 'We asked clients why they stay. One said: "You answer the phone."', "review", {"testimonial"}),
    ("outgoing", 'A client\'s son asked what I do. I said "worry for a living." He said "same."', "approve", set()),
    # 3 hit rates of the adviser's own trades
    ("outgoing", "Of our 200 tactical calls last year, 64% beat the benchmark.", "review", {"performance_claim"}),
    # 4 the last four of a Social Security number; a public reply naming the product a person holds
    (
        "outgoing",
        "@dale_k can you confirm the last four of your SSN, 7731, so we can update the file?",
        "reject",
        {"pii"},
    ),
    ("outgoing", "@RuthB the IRA you opened in 2017 still has the old beneficiary on it. Call us.", "reject", {"pii"}),
    # 5 the promise with a wink; a deal-room whisper
    ("outgoing", "Not saying this coin is gonna 10x by spring, but... 👀", "reject", {"promissory"}),
    (
        "outgoing",
        "A friend on the investment committee texted me: stop asking about that biotech for a week. 😉",
        "reject",
        {"mnpi"},
    ),
    # 6 harmless look-alikes: warnings naming apps, an office move, the debt avalanche, FDIC limits
    ("outgoing", "Anyone can call themselves a coach on Instagram. Check BrokerCheck first.", "approve", set()),
    ("outgoing", "Never wire money to someone you met on Telegram, however kind they seem.", "approve", set()),
    (
        "outgoing",
        "Texts to my personal cell aren't archived, so I can't act on them: call the office line.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Our Denver branch has moved to 1600 Market St, Suite 400. Same team, more parking.",
        "approve",
        set(),
    ),
    ("outgoing", "Snowball or avalanche? Pay off debt the way you will stick with.", "approve", set()),
    (
        "outgoing",
        "SIPC doesn't protect you from market losses. It covers missing assets if a broker fails.",
        "approve",
        set(),
    ),
    ("outgoing", "Savings accounts are insured up to $250,000 per depositor, per bank.", "review", {"guarantee"}),
    # 7 complaints without the word: steered into a fall, suitability questioned, a promise thrown back
    (
        "inbound",
        "You moved me into small caps in March and said nothing while they fell 30%.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "Please explain how the variable annuity was suitable for a 71-year-old.", "complaint", {"complaint"}),
    ("inbound", '"Safe as a savings account" is what your rep said. It\'s down 18%.', "complaint", {"complaint"}),
    ("inbound", "You put us in the muni fund two years ago and we sleep well. Thank you!", "ok", set()),
    # 8 a Filipino rice cake is not the Spanish insult
    ("outgoing", "Simbang Gabi tonight! Bibingka and puto bumbong after mass, our treat.", "approve", set()),
    ("outgoing", "Puto ka talaga, you troll.", "reject", {"profanity"}),
    # 9 a whole text that calls the offer fraud is a warning, in the languages it is written in
    (
        "outgoing",
        "Te escriben por WhatsApp ofreciendo préstamos si pagas un depósito. Eso es fraude.",
        "approve",
        set(),
    ),
    ("outgoing", "Een 'beleggingsclub' op Telegram belooft 15% per week. Dat is oplichting.", "approve", set()),
    ("outgoing", "Escríbeme por WhatsApp para consejos de inversión personalizados.", "reject", {"off_channel"}),
    # 10 whether a cost can be deducted is a tax question for a professional; a fee taken from an account is not
    (
        "outgoing",
        "Home-care bills for a parent can sometimes be deducted as medical expenses. Ask your preparer.",
        "review",
        {"tax_advice"},
    ),
    (
        "outgoing",
        "Our advisory fee is deducted from the account each quarter and shown on your statement.",
        "approve",
        set(),
    ),
    # 11 "the only risk-free thing" is a joke about something else; a risk-free product is not
    ("outgoing", "The only truly risk-free thing I know is my aunt's tamales at the open house.", "approve", set()),
    ("outgoing", "The only risk-free investment left: our 9% income note.", "reject", {"guarantee"}),
    # 12 "your pension will cover everything" promises the outcome; a conditional illustration does not
    (
        "outgoing",
        "Stick with us and your portfolio will cover 100% of your expenses in retirement.",
        "reject",
        {"promissory"},
    ),
    (
        "outgoing",
        "If returns average 5%, your savings may cover most of your basics. Not guaranteed.",
        "review",
        {"performance_claim"},
    ),
    # 13 losing one's glasses and sincere thanks for advice, in Romance languages, are not complaints
    ("inbound", "J'ai perdu mes lunettes au séminaire hier, quelqu'un les a vues ?", "ok", set()),
    ("inbound", "Muchas gracias por sus consejos, nos ayudaron mucho con la casa.", "ok", set()),
    ("inbound", "Perdi metade da minha aposentadoria no fundo que você me vendeu.", "complaint", {"complaint"}),
    # 14 Romance-language look-alikes of a forecast or a paid review: a warning, "nobody can predict", a
    # scholarship ("bolsa de estudos"), a review policy stated in the negative
    ("outgoing", "Cuidado con quien les promete que la bolsa va a subir.", "approve", set()),
    ("outgoing", "Personne ne peut prédire si les taux vont baisser.", "approve", set()),
    ("outgoing", "Acho que a bolsa de estudos do meu filho vai cair na conta em março.", "approve", set()),
    ("outgoing", "Nunca publicamos reseñas de clientes a cambio de descuentos.", "approve", set()),
    ("outgoing", "Creo que la bolsa va a subir este año.", "review", {"forecast"}),
]


ROUND38_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 the deal-room source must be someone in the room; a boardroom in a proud-parent post is not one
    ("outgoing", "My son says his debate team is tougher than any boardroom. Proud dad.", "approve", set()),
    (
        "outgoing",
        "A friend in the boardroom told me to stop asking about that chipmaker for a week.",
        "reject",
        {"mnpi"},
    ),
    # 2 "if your 'advisor' says or does X" describes a warning sign
    (
        "outgoing",
        'If your "advisor" says the SEC approved their fund: the SEC approves no one\'s fund.',
        "approve",
        set(),
    ),
    ("outgoing", 'If your "broker" only texts from an app that auto-deletes messages, ask why.', "approve", set()),
    ("outgoing", "The SEC approved our fund, so you can invest with confidence.", "reject", {"misleading"}),
    # 3 "dumb" questions are welcome; asking why people brag of never losing is not the claim
    ("outgoing", 'There are no "dumb" questions here. Ask away.', "approve", set()),
    (
        "outgoing",
        'Why do people say "never lost a dime" like it is a flex? Nobody who invests can say that.',
        "approve",
        set(),
    ),
    ("outgoing", "Honestly, anyone who sold in March is dumb.", "reject", {"profanity"}),
    # 4 misses: a high yield "backed by the full faith and credit"; "no reason you wouldn't too"; an FDA panel
    # and "I'd own it tonight"; "except ours does"; an SSN with spaces; a complaint answered openly; a shared tweet
    ("outgoing", "Our Income Plus plan: 11% a year, backed by the U.S. government.", "reject", {"guarantee"}),
    (
        "outgoing",
        "Savings bonds yield 4% and are backed by the full faith and credit of the U.S. government.",
        "review",
        {"guarantee"},
    ),
    ("outgoing", "Our members averaged 15% a year since 2019. No reason you won't too.", "reject", {"promissory"}),
    (
        "outgoing",
        "Not saying I know anything about Thursday's FDA panel, but I'd own $ABCD before the open.",
        "reject",
        {"mnpi"},
    ),
    ("outgoing", "Past results are no guarantee of future ones. Except ours, apparently. 😉", "reject", {"guarantee"}),
    ("outgoing", "@kim_r your SSN on the form: 5 1 2-4 4-6 7 8 9, right?", "reject", {"pii"}),
    (
        "outgoing",
        "A few of you told us our statements were hard to read. Fair point: new layout next month.",
        "review",
        {"complaint"},
    ),
    (
        "outgoing",
        "this @nickmaggiulli thread on saving rates is the best thing I read all week",
        "review",
        {"third_party_content"},
    ),
    # 5 German and Italian look-alikes the layer-14 authors found: good spirits "garantiert", parking "senza rischio"
    ("outgoing", "Garantiert gute Laune beim Sommerfest am Samstag!", "approve", set()),
    ("outgoing", "Parcheggio senza rischio di multe dietro l'ufficio.", "approve", set()),
    ("outgoing", "Rendite garantiert: 8% im Jahr!", "reject", {"guarantee"}),
]


ROUND39_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 a promise of no losing year; the same words refused
    ("outgoing", "Work with our team and you will never see a down year again.", "reject", {"guarantee"}),
    ("outgoing", "Nobody can promise you'll never see a red year. We plan for the red ones.", "approve", set()),
    # 2 a fund or portfolio called FDIC insured; an accurate SIPC statement
    ("outgoing", "Our balanced portfolios are FDIC insured, so your nest egg is safe.", "reject", {"misleading"}),
    (
        "outgoing",
        "Your brokerage funds are SIPC protected up to $500,000 if the firm fails, not against market losses.",
        "approve",
        set(),
    ),
    # 3 reviews bought with waived fees; "review the offer" is a verb
    (
        "outgoing",
        "Thanks for the Google reviews! Everyone who left one got their next quarter's fee waived.",
        "reject",
        {"testimonial"},
    ),
    ("outgoing", "Before you sign anything, review the offer for free with our intake team.", "approve", set()),
    # 4 a trading hint tied to news not yet public
    (
        "outgoing",
        "I hear their stock will jump once the approval letter goes public. Act accordingly.",
        "reject",
        {"mnpi"},
    ),
    # 5 a return figure called a lock; the same words refused
    ("outgoing", "8% a year on our income note, basically a lock.", "reject", {"guarantee"}),
    ("outgoing", "No such thing as a sure bet, even at 5% a year.", "approve", set()),
    # 6 name-calling
    ("outgoing", "@RetiredRon you old fool, you should have listened.", "reject", {"profanity"}),
    # 7 a gut call on markets; positioning taken on a view
    ("outgoing", "My gut says small caps rally into year end.", "review", {"forecast"}),
    ("outgoing", "We're leaning defensive in client portfolios for now.", "review", {"forecast"}),
    # 8 another author's post shared
    (
        "outgoing",
        "Sharing Jane Doe's latest column on bond ladders, worth the read.",
        "review",
        {"third_party_content"},
    ),
    # 9 the PBGC's guarantee needs its limits; a streak of rising payouts
    ("outgoing", "Private pensions? The PBGC insures them up to a limit set by law.", "review", {"guarantee"}),
    ("outgoing", "12 straight years of rising dividends for our income strategy.", "review", {"performance_claim"}),
    # 10 client referrals counted as praise
    ("outgoing", "Thirty clients referred a friend to us this spring. Thank you!", "review", {"testimonial"}),
    # 11 precision: "my personal outlook" is an opinion, "a sec" a second, "agree 100%" agreement, "you people" fond
    ("outgoing", "My personal outlook on money: spend less than you earn, every month.", "approve", set()),
    ("inbound", "Call me when you get a sec about the RMD form.", "ok", set()),
    ("inbound", "Agree 100%. Budgeting changed my life.", "ok", set()),
    ("outgoing", "Thirty years here and Marge says she likes you people too much to retire.", "approve", set()),
    # 12 complaints: requests ignored, money gone, a rep who kept calling (a flag for a non-customer), a conflict
    # found out later, a privacy slip
    ("inbound", "Emailed four times about my rollover check. Still nothing.", "complaint", {"complaint"}),
    ("inbound", "$9,000 went out of my IRA yesterday and I didn't authorize anything.", "complaint", {"complaint"}),
    (
        "inbound",
        "Your agent keeps calling my dad about an annuity. He is your client and he is scared.",
        "complaint",
        {"complaint"},
    ),
    (
        "inbound",
        "Came to your free seminar, not a client, and your rep kept calling me for a week.",
        "flag",
        {"complaint"},
    ),
    (
        "inbound",
        "Only found out from a news story that you get paid by the funds you put me in.",
        "complaint",
        {"complaint"},
    ),
    ("inbound", "My ex's statement came to me with her full SSN printed on it. Not OK.", "complaint", {"complaint"}),
    # 13 a target distribution figure projects performance; "the only risk-free thing" is a joke; a party's cake
    ("outgoing", "Target distribution: 5.5% a year, not guaranteed. Read the prospectus.", "review", {"forecast"}),
    ("outgoing", "Risk-free? The only risk-free thing I know is my aunt's flan.", "approve", set()),
    ("inbound", "¡Nadie me avisó de que hoy era la cena de Navidad en la oficina!", "ok", set()),
]


ROUND40_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 "a sec" is a second, even in a message that asks for a call about an account
    ("inbound", "Text me when you get a sec, I want to talk about my account.", "flag", {"off_channel"}),
    # 2 an acronym after the words it stands for is not a ticker; a ticker still is
    ("outgoing", "Read your summary plan description (SPD) before open enrollment.", "approve", set()),
    ("outgoing", "We trimmed Microsoft (MSFT) in client accounts this week.", "review", {"specific_security"}),
    # 3 rankings and peer votes are third-party ratings
    (
        "outgoing",
        "Thrilled that two of our planners made the Barron's Top Advisors list again.",
        "review",
        {"testimonial"},
    ),
    ("outgoing", 'Attendees voted our workshop "most useful session" of the conference.', "review", {"testimonial"}),
    ("outgoing", "Made the top of my reading list this week: three books on behavioral finance.", "approve", set()),
    # 4 the firm's pick for a holding
    (
        "outgoing",
        "Our pick for the income sleeve this year: a short-term Treasury ladder.",
        "review",
        {"specific_security"},
    ),
    # 5 a client named with money or account details; a date of birth posted
    ("outgoing", "Shout-out to the Millers, who just used their Roth to buy a cabin for $410k!", "reject", {"pii"}),
    ("outgoing", "Reminder to Dana Price: your beneficiary form still names your old roommate.", "reject", {"pii"}),
    ("outgoing", "Welcome aboard, Chris Lane (DOB 3/14/1988)!", "reject", {"pii"}),
    ("outgoing", "Never post your date of birth (e.g. DOB 01/01/1990) in a comment.", "approve", set()),
    # 6 a client whose calls went unanswered after a sale
    ("inbound", "You stopped returning my calls once the annuity was signed.", "complaint", {"complaint"}),
    # 7 a state-tax election pitched around the SALT cap
    (
        "outgoing",
        "Business owners: the PTE election can get around the SALT cap. Ask us how.",
        "review",
        {"tax_advice"},
    ),
]

ROUND41_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # 1 a list headed by what the writer never does is a list of denials; a heading that is not the writer's own
    # denial ("what the banks won't tell you") heads claims
    (
        "outgoing",
        "Three things we never do:\n\n1. Promise a return.\n2. Text clients from a personal phone.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Three things we always do:\n\n1. Text clients from a personal phone.\n2. Answer fast.",
        "reject",
        {"off_channel"},
    ),
    (
        "outgoing",
        "What the banks won't tell you:\n• Our fund is guaranteed to return 9% a year.",
        "reject",
        {"guarantee"},
    ),
    (
        "outgoing",
        "Why I don't lose sleep:\n1. Your principal is 100% protected.\n2. Calm markets.",
        "reject",
        {"guarantee"},
    ),
    ("outgoing", "Things I will never say:\n- guaranteed returns\n- can't lose", "approve", set()),
    # 2 a list headed by a warning is a list of red flags
    (
        "outgoing",
        "Signs of investment fraud:\n- Guaranteed high returns with no risk\n- Pressure to act now",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "Our promise to you:\n- Guaranteed high returns with no risk\n- Fast service",
        "reject",
        {"guarantee"},
    ),
    # 3 a claim asked about and answered no, or warned against; a claim asked and answered yes stays a claim
    ("outgoing", "Guaranteed returns? No. Nobody can promise that.", "approve", set()),
    ("outgoing", "Risk-free? That's a red flag.", "approve", set()),
    ("outgoing", "Guaranteed returns? Yes! Ask me how.", "reject", {"guarantee"}),
    ("outgoing", "Stablecoins for school fees back home? Scams are everywhere, so ask first.", "review", {"crypto"}),
    ("inbound", "Can we talk on WhatsApp? I don't trust these DMs.", "flag", {"off_channel"}),
    # 4 a scam described step by step names the app it moves to
    (
        "outgoing",
        "How pig butchering works: a wrong-number text, a new friend, then a move to WhatsApp.",
        "approve",
        set(),
    ),
    (
        "outgoing",
        "No legitimate firm will ask you to switch to an encrypted app to talk about money.",
        "approve",
        set(),
    ),
    # 5 steering somewhere supervision does not reach
    ("outgoing", "Let's continue somewhere compliance can't see. I'll send you my cell.", "reject", {"off_channel"}),
    # 6 a regulator's recognition claimed
    ("outgoing", "Proud to be recognized by the SEC as a top adviser this year!", "reject", {"misleading"}),
    ("outgoing", "We have never been recognized by the SEC as a top adviser; no firm is.", "approve", set()),
    # 7 performance from the best accounts only; a past return promised again
    ("outgoing", "Our composite returned 11% last year. *Top-performing accounts only.", "reject", {"misleading"}),
    ("outgoing", "Our fund returned 12% last year, and it will next year too.", "reject", {"promissory"}),
    (
        "outgoing",
        "Our fund returned 12% last year; nobody can say it will do it again next year.",
        "review",
        {"performance_claim"},
    ),
    # 8 money handed to the adviser with a promised result; an illustration at an assumed rate is review
    ("outgoing", "If you gave me $10,000 today, you'd have $30,000 in five years.", "reject", {"promissory"}),
    (
        "outgoing",
        "At an assumed rate of 6%, if you invested with me $10,000, you'd have $17,900 in ten years.",
        "review",
        set(),
    ),
    # 9 an insider's mood before an announcement
    ("outgoing", "Their CFO was in a great mood at the club today. Earnings Thursday 😉", "reject", {"mnpi"}),
    ("outgoing", "Our CEO was in a great mood at the holiday party. Thanks, team!", "approve", set()),
    # 10 crude idioms; the writer telling themself to be quiet
    ("outgoing", "This market is shitting the bed again.", "reject", {"profanity"}),
    ("outgoing", "Meetings got better the day I learned to shut up and listen.", "approve", set()),
    # 12 keyword-free complaints: a loss blamed on the advice, a rate not as quoted, deposits missing
    ("inbound", "Your 'stay the course' advice cost me $90k.", "complaint", {"complaint"}),
    ("inbound", "The rate on the CD you sold me isn't what you quoted me.", "complaint", {"complaint"}),
    ("inbound", "The 529 for my son shows $0. I deposited every month.", "complaint", {"complaint"}),
    ("inbound", "I deposited $300 today and the app shows it already. Thanks!", "ok", set()),
    # 13 threats and abuse in a comment
    ("inbound", "Hope someone keys your car in that parking lot.", "flag", {"profanity"}),
    ("inbound", "Keep posting about scams and see what happens to your office windows.", "flag", {"profanity"}),
    # 14 words that collide across languages or registers: Hausa "da yawa" (a lot) is not Cebuano "yawa"; old
    # plans that "get lost" insult nobody; Scots "nae" negates
    ("outgoing", "Sabuwar shekara! Write down three money goals. Ba sai sun yi yawa ba.", "approve", set()),
    ("outgoing", "Most common reason old 401(k) plans get lost: a job change.", "approve", set()),
    ("outgoing", "Get lost, troll.", "reject", {"profanity"}),
    ("outgoing", "Past results are nae guarantee of future returns.", "approve", set()),
    # 15 praise by peers and surveys, appearances on others' shows, a third party's research endorsed
    ("outgoing", "Thanks to @AnnaLeeCFP for the kind shout-out in her newsletter!", "review", {"testimonial"}),
    ("outgoing", "In our annual survey 91% said they'd recommend us to a friend.", "review", {"testimonial"}),
    (
        "outgoing",
        "I was a guest on the Money Matters podcast this week, talking RMDs.",
        "review",
        {"third_party_content"},
    ),
    ("outgoing", "I was a guest at the library's reading night; the podcast corner was packed.", "approve", set()),
    (
        "outgoing",
        "Loving the new Vanguard report on retirement savers. Worth a look.",
        "review",
        {"third_party_content"},
    ),
    # 16 collisions and negators of layer 17's languages: Albanian "shit" is "sold"; Norwegian "født og oppvokst"
    # (born and raised) is staff news, not a date of birth; Romanian, Greek and Albanian "don't write me on ..."
    ("outgoing", "Sot në treg u shit shumë djathë.", "approve", set()),
    ("outgoing", "Kari Hansen er født og oppvokst i Tromsø og begynner hos oss i dag.", "approve", set()),
    ("outgoing", "Nu-mi scrieți pe WhatsApp, folosiți portalul clientului.", "approve", set()),
    ("outgoing", "Scrieți-mi pe WhatsApp pentru detalii.", "reject", {"off_channel"}),
    ("outgoing", "Μη μου γράφετε στο Viber, καλέστε το γραφείο.", "approve", set()),
    ("outgoing", "Γράψτε μου στο Viber για λεπτομέρειες.", "reject", {"off_channel"}),
    ("outgoing", "Ju lutem mos më shkruani në WhatsApp; portali i klientit.", "approve", set()),
    # 11 a named client's balance or holdings
    (
        "outgoing",
        "Congrats to the Garcia family, who used their $250k brokerage account to buy a home!",
        "reject",
        {"pii"},
    ),
    ("outgoing", "Proud moment: Maria Lopez has put half her retirement into Nvidia on my advice.", "reject", {"pii"}),
]

ROUND42_FAMILIES: list[tuple[str, str, str, set[str]]] = [
    # from holdout170-175's missed rejects: a product without fees, an agency's approval, a celebrity who vouches,
    # growth like clockwork, one client's result as everyone's, Spanish and Haitian Creole claims
    ("outgoing", "Our annuities have no fees, ever.", "reject", {"misleading"}),
    ("outgoing", "Medicare-approved retirement planning at our office!", "reject", {"misleading"}),
    ("outgoing", "Medicare open enrollment starts Oct 15; bring your card to our table.", "approve", set()),
    ("outgoing", "Even Suze Orman says I'm one of the good ones.", "reject", {"misleading"}),
    ("outgoing", "Our plan: watch it double in seven years, like clockwork.", "reject", {"promissory"}),
    ("outgoing", "Rule of 72: at 10% money doubles in about seven years.", "approve", set()),
    (
        "outgoing",
        "She invested $20K and now has $90K. That's what happens to all my clients.",
        "reject",
        {"misleading"},
    ),
    ("outgoing", "DM no, mejor por el Messenger de mi Face personal.", "reject", {"off_channel"}),
    ("outgoing", "Info de adentro: el banco va a recibir una multa antes de fin de mes.", "reject", {"mnpi"}),
    ("outgoing", "Son una partida de mierdas. Que se jodan.", "reject", {"profanity"}),
    ("outgoing", "Nou bat mache a chak ane depi 2010.", "reject", {"misleading"}),
    ("outgoing", "Pitit ou ap gen $80,000 pou lekòl li nan 18 an. Nou pwomèt sa.", "reject", {"promissory"}),
    (
        "outgoing",
        "Screenshot del estado de cuenta de mi cliente Julio para que vean los dividendos.",
        "reject",
        {"pii"},
    ),
]


@pytest.mark.parametrize(
    ("direction", "text", "verdict", "categories"),
    COMPLAINTS_CLAIMS_ENDORSEMENTS_MNPI
    + FIGURES_PRODUCTS_CHANNELS
    + EVERYDAY_VOICES
    + ROUND11_FAMILIES
    + ROUND12_FAMILIES
    + ROUND13_FAMILIES
    + ROUND14_FAMILIES
    + ROUND15_FAMILIES
    + ROUND16_FAMILIES
    + ROUND17_FAMILIES
    + ROUND18_FAMILIES
    + ROUND19_FAMILIES
    + ROUND20_FAMILIES
    + ROUND21_FAMILIES
    + ROUND22_FAMILIES
    + ROUND23_FAMILIES
    + ROUND24_FAMILIES
    + ROUND25_FAMILIES
    + ROUND26_FAMILIES
    + ROUND27_FAMILIES
    + ROUND28_FAMILIES
    + ROUND29_FAMILIES
    + ROUND30_FAMILIES
    + ROUND31_FAMILIES
    + ROUND32_FAMILIES
    + ROUND33_FAMILIES
    + ROUND34_FAMILIES
    + ROUND35_FAMILIES
    + ROUND36_FAMILIES
    + ROUND37_FAMILIES
    + ROUND38_FAMILIES
    + ROUND39_FAMILIES
    + ROUND40_FAMILIES
    + ROUND41_FAMILIES
    + ROUND42_FAMILIES
    + WARNING_CUES
    + REGULATOR_ADVICE,
)
def test_rule_family(engine: Engine, direction: str, text: str, verdict: str, categories: set[str]) -> None:
    res = engine.screen(text, "x", direction)
    assert res.verdict == verdict, (res.verdict, [(f.rule, f.excerpt) for f in res.findings])
    if verdict in ("approve", "ok"):
        assert res.categories == ["none"]
    else:
        assert categories <= set(res.categories), res.categories
