"""Goals: setting, revising, telling people, lists and history."""

MESSAGES = {
    "en": {
        "goal.usage": "`/sales goal [@person | team:NAME | company] AMOUNT [revenue|units|deals] [PRODUCT] "
        "[PERIOD] [REASON]` — set or revise a goal (managers and admins); PRODUCT is a name from "
        "`/sales product list`, and only a revision takes a REASON; `/sales goal` alone opens a form · "
        "`/sales goal history @person|team:NAME|company` — revisions",
        "goals.usage": "`/sales goals [PERIOD]` — the goals in effect for you, your teams and the company",
        "goal.example": "For example: `/sales goal @kari 150k revenue 2026-Q4`, "
        "`/sales goal @kari 5 units Barista Pro 2 this month`, "
        "`/sales goal team:Bedrift Øst 40 deals next month` or `/sales goal company 12m 2026`.",
        "goal.reason_example": "Start the reason with performance, economy, competition or other, e.g. "
        "`/sales goal @kari 120k economy Two large customers paused their orders`.",
        # Errors
        "goal.subject_missing": "Say whom the goal is for: a person (@name), a team (`team:NAME`) or "
        "`company`.",
        "goal.one_subject": "A goal is for one person, one team or the company: name only one of them.",
        "goal.usergroup": "Name a team with `team:NAME`, not with a Slack user group.",
        "goal.team_missing": "Write the team's name after `team:`.",
        "goal.product_missing": "Write the product's name after `product:`.",
        "goal.quote": "A quote is not closed.",
        "goal.target_missing": "Give the goal's target, such as `150k` or `40 deals`.",
        "goal.target_too_large": "That target is too large for salesbot; check the number of zeros.",
        "goal.whole_units": "Units are counted whole, so `{text}` can't be a target for units.",
        "goal.whole_deals": "Deals are counted whole, so `{text}` can't be a target for deals.",
        "goal.metric_unknown": "`{text}` is not something a goal measures: use revenue, units or deals.",
        "goal.reason_unknown": "`{text}` is not a reason: use performance, economy, competition or other.",
        "goal.reason_too_long": "A reason can be at most {max} characters.",
        "goal.words_left": "I didn't understand `{text}`, so nothing was set. A new goal is written "
        "`/sales goal @person|team:NAME|company AMOUNT [revenue|units|deals] [PRODUCT] [PERIOD]` with "
        "nothing after it: only a change to an existing goal takes a reason.",
        "goal.words_left_product": "I didn't understand `{text}`, so nothing was set. Did you mean "
        "{suggestions}? A new goal is written `/sales goal @person|team:NAME|company AMOUNT "
        "[revenue|units|deals] [PRODUCT] [PERIOD]`, with the product's name as `/sales product list` "
        "shows it.",
        "goal.period_ended": "{period} ended on {end}, so it can't get a new goal. Did you mean "
        "`{suggestion}`?",
        "goal.subject_bot": "{name} is an app; apps have no goals.",
        "goal.reps_cannot_set": "Goals are set by managers and admins. See yours with `/sales goals`, "
        "and talk to your manager if one should change.",
        "goal.company_admins_only": "Only admins set company goals. You can set goals for the teams you "
        "manage and their people.",
        "goal.team_not_managed": "You don't manage *{team}*, so you can't set its goals.",
        "goal.person_not_managed": "{name} is not in a team you manage, so you can't set their goals. "
        "(A manager's own goals are set by an admin.)",
        "goal.closed": "That goal's period is closed (reached or missed), and a closed goal keeps its target.",
        "goal.gone": "That goal no longer exists. Set it again with `/sales goal`.",
        "goal.history_denied": "You can see the goals of yourself, your teams, the people you manage and "
        "the company.",
        "goal.history_subject_missing": "Whose history? Name a person (@name), a team (`team:NAME`) or "
        "`company`.",
        # Words
        "goal.subject.company": "the company",
        "goal.subject.company_title": "The company",
        "goal.subject.team": "team *{name}*",
        "goal.amount.units": "{count} units",
        "goal.amount.deals": "{count} deals",
        "goal.product_suffix": " · {product}",
        "goal.metric.revenue": "Revenue",
        "goal.metric.units": "Units",
        "goal.metric.deals": "Deals",
        "goal.reason.performance": "Performance",
        "goal.reason.economy": "The economy",
        "goal.reason.competition": "Competition",
        "goal.reason.other": "Other",
        # Replies to the person setting the goal
        "goal.created": ":white_check_mark: Goal set for {subject}: *{target}* in {period}{product}.",
        "goal.revised": ":white_check_mark: Goal revised for {subject} in {period}{product}: "
        "{old} → *{new}*.",
        "goal.unchanged": "Nothing changed: the goal for {subject} in {period}{product} is already *{target}*.",
        "goal.needs_reason": ":pencil2: The goal for {subject} in {period}{product} is already *{old}*. "
        "Changing it to *{new}* is a revision, and a revision needs a reason that the people affected "
        "will see. Nothing is changed yet.",
        "goal.needs_reason_hint": "Click the button, or repeat the command with the reason at the end.",
        "goal.revise_button": "Revise with reason",
        "goal.reason_line": "Reason: {reason}",
        "goal.told.person": "{user} was told by DM.",
        "goal.told.team_dm": "The {count} members of *{team}* were told by DM.",
        "goal.told.team_channel": "Posted in <#{channel}>.",
        "goal.told.company": "Announced in <#{channel}>.",
        "goal.told.nobody_company": "Nobody was told: there is no announcement channel. An admin sets one "
        "in `/sales settings`, then invites @salesbot to it.",
        "goal.told.nobody_team": "Nobody was told: *{team}* has no members yet. Add them with "
        "`/sales team add`, or give the team a channel with `/sales team channel`.",
        "goal.told.nobody_team_you": "Nobody else was told: you are the only member of *{team}*, and it "
        "has no channel.",
        "goal.coverage": "Individual goals cover {percent} of this team goal ({people} of {members} "
        "members have one).",
        "goal.coverage_none": "No member of *{team}* has an individual goal for this yet.",
        "goal.coverage_team": "Individual goals in *{team}* now cover {percent} of its team goal.",
        "goal.post_not_in_channel": ":warning: I couldn't post about the goal for {subject} in <#{channel}>: "
        "salesbot is not a member of that channel. Type `/invite @salesbot` there, and it will work "
        "next time.",
        "goal.post_failed": ":warning: I couldn't post about the goal for {subject} in the channel set for "
        "it (Slack said `{error}`). It may be archived, or private without salesbot: invite @salesbot, "
        "or an admin chooses another channel in `/sales settings`.",
        "goal.dm_failed": ":warning: These people could not be told about the goal by DM: {people}.",
        # Telling the people affected
        "goal.notify.person_new": ":dart: {actor} set you a goal: *{target}* in {period}{product}.",
        "goal.notify.team_new": ":dart: {actor} set a goal for *{team}*: *{target}* in {period}{product}.",
        "goal.notify.company_new": ":dart: New company goal from {actor}: *{target}* in {period}{product}.",
        "goal.notify.person_revised": ":pencil2: {actor} revised your goal for {period}{product}: "
        "{old} → *{new}*.",
        "goal.notify.team_revised": ":pencil2: {actor} revised the goal of *{team}* for {period}{product}: "
        "{old} → *{new}*.",
        "goal.notify.company_revised": ":pencil2: {actor} revised the company goal for {period}{product}: "
        "{old} → *{new}*.",
        "goal.notify.progress": "See how it is going with `/sales progress`.",
        # The goal form
        "goal.modal.title": "Set a goal",
        "goal.modal.submit": "Set goal",
        "goal.modal.scope": "The goal is for",
        "goal.scope.person": "A person",
        "goal.scope.team": "A team",
        "goal.scope.company": "The whole company",
        "goal.modal.person": "Person",
        "goal.modal.person_hint": "Only needed for a person's goal.",
        "goal.modal.team": "Team",
        "goal.modal.team_hint": "Only needed for a team goal.",
        "goal.modal.metric": "Measured in",
        "goal.modal.target": "Target",
        "goal.modal.target_hint": "Revenue in {currency}, or a number of units or deals: 150000, 150 000 "
        "or 150k.",
        "goal.modal.period": "Period",
        "goal.period.this_month": "This month ({label})",
        "goal.period.next_month": "Next month ({label})",
        "goal.period.this_quarter": "This quarter ({label})",
        "goal.period.next_quarter": "Next quarter ({label})",
        "goal.period.this_year": "This year ({label})",
        "goal.modal.period_other": "Or another period",
        "goal.modal.period_other_hint": "Like 2026-Q1, 2027 or 2026-11-03..2026-12-15. Used instead of "
        "the choice above.",
        "goal.modal.product": "Product",
        "goal.modal.all_products": "All products",
        "goal.modal.product_text_hint": "Leave empty for all products, or write a name from "
        "/sales product list.",
        "goal.modal.reason_category": "Reason for a change",
        "goal.modal.reason_hint": "Only needed when you change a goal that exists; the people affected "
        "see it.",
        "goal.modal.reason_text": "Explanation",
        "goal.modal.reason_text_hint": "Shown to the people affected, with the reason.",
        "goal.field.person_missing": "Pick the person.",
        "goal.field.team_missing": "Pick the team.",
        "goal.field.reason_needed": "This goal exists with {old}. Choose a reason for changing it to {new}.",
        "goal.field.unchanged": "This goal already is {target}. Change the target, or cancel.",
        # The revision form
        "goal.revise.title": "Revise goal",
        "goal.revise.submit": "Revise",
        "goal.revise.intro": "*{subject}* · {period}{product}\nCurrent target: *{old}*",
        "goal.revise.target": "New target",
        "goal.revise.category": "Reason",
        "goal.revise.text": "Explanation",
        "goal.revise.text_hint": "The people affected see the reason and this text.",
        # Lists and history
        "goal.list.title": "Goals · {period}",
        "goal.list.empty": "There are no goals you can see for {period}.",
        "goal.list.empty_manager": "There are no goals you can see for {period}. Set one with `/sales goal`.",
        "goal.list.company": "*Company*",
        "goal.list.teams": "*Teams*",
        "goal.list.people": "*People*",
        "goal.list.line": "• {subject}: *{target}* · {period}{product}{revisions}",
        "goal.list.revisions": " · revised ×{count}",
        "goal.list.more": "…and {count} more.",
        "goal.list.hint": "`/sales goal history @person|team:NAME|company` shows a goal's revisions.",
        "goal.rep_note": "Goals are set by your manager. These are the goals you can see:",
        "goal.history.title": "Goal history · {subject}",
        "goal.history.empty": "There are no goals for {subject} yet.",
        "goal.history.empty_period": "There are no goals for {subject} in {period}.",
        "goal.history.goal": "*{period}*{product} · *{target}* · set by {setter} on {date}{status}",
        "goal.history.status": " · {status}",
        "goal.history.revision": "• {date}: {old} → {new} · {reason} · {who}",
        "goal.history.earlier": "…and {count} earlier revisions.",
        "goal.history.no_revisions": "No revisions.",
        "goal.history.someone": "someone",
        "goal.history.more": "Showing the {count} latest goals; add a period to see others.",
    },
    "nb": {
        "goal.usage": "`/sales goal [@person | team:NAVN | company] BELØP [revenue|units|deals] [PRODUKT] "
        "[PERIODE] [BEGRUNNELSE]` — sett eller endre et mål (ledere og administratorer); PRODUKT er et "
        "navn fra `/sales product list`, og bare en endring tar en BEGRUNNELSE; `/sales goal` alene "
        "åpner et skjema · `/sales goal history @person|team:NAVN|company` — endringer",
        "goals.usage": "`/sales goals [PERIODE]` — målene som gjelder for deg, teamene dine og selskapet",
        "goal.example": "For eksempel: `/sales goal @kari 150k omsetning 2026-K4`, "
        "`/sales goal @kari 5 stk Barista Pro 2 denne måneden`, "
        "`/sales goal team:Bedrift Øst 40 avtaler neste måned` eller `/sales goal selskap 12m 2026`.",
        "goal.reason_example": "Begynn begrunnelsen med ytelse, økonomi, konkurranse eller annet, for "
        "eksempel `/sales goal @kari 120k økonomi To store kunder har satt bestillinger på vent`.",
        "goal.subject_missing": "Si hvem målet gjelder: en person (@navn), et team (`team:NAVN`) eller "
        "`selskap`.",
        "goal.one_subject": "Et mål gjelder én person, ett team eller selskapet: nevn bare én av dem.",
        "goal.usergroup": "Oppgi et team med `team:NAVN`, ikke med en brukergruppe i Slack.",
        "goal.team_missing": "Skriv teamets navn etter `team:`.",
        "goal.product_missing": "Skriv produktets navn etter `produkt:`.",
        "goal.quote": "Et anførselstegn er ikke lukket.",
        "goal.target_missing": "Oppgi målet, for eksempel `150k` eller `40 avtaler`.",
        "goal.target_too_large": "Det målet er for stort for salesbot; sjekk antall nuller.",
        "goal.whole_units": "Enheter telles i hele tall, så `{text}` kan ikke være et mål for enheter.",
        "goal.whole_deals": "Avtaler telles i hele tall, så `{text}` kan ikke være et mål for avtaler.",
        "goal.metric_unknown": "`{text}` er ikke noe et mål kan måle: bruk omsetning, enheter eller avtaler.",
        "goal.reason_unknown": "`{text}` er ikke en begrunnelse: bruk ytelse, økonomi, konkurranse eller "
        "annet.",
        "goal.reason_too_long": "En begrunnelse kan ha høyst {max} tegn.",
        "goal.words_left": "Jeg forstod ikke `{text}`, så ingenting er satt. Et nytt mål skrives "
        "`/sales goal @person|team:NAVN|company BELØP [omsetning|enheter|avtaler] [PRODUKT] [PERIODE]` "
        "uten noe etter: bare en endring av et mål som finnes, tar en begrunnelse.",
        "goal.words_left_product": "Jeg forstod ikke `{text}`, så ingenting er satt. Mente du "
        "{suggestions}? Et nytt mål skrives `/sales goal @person|team:NAVN|company BELØP "
        "[omsetning|enheter|avtaler] [PRODUKT] [PERIODE]`, med produktnavnet slik `/sales product list` "
        "viser det.",
        "goal.period_ended": "{period} ble avsluttet {end}, så den kan ikke få et nytt mål. Mente du "
        "`{suggestion}`?",
        "goal.subject_bot": "{name} er en app; apper har ikke mål.",
        "goal.reps_cannot_set": "Mål settes av ledere og administratorer. Se dine med `/sales goals`, og "
        "snakk med lederen din hvis et mål bør endres.",
        "goal.company_admins_only": "Bare administratorer setter mål for selskapet. Du kan sette mål for "
        "teamene du leder og folkene i dem.",
        "goal.team_not_managed": "Du leder ikke *{team}*, så du kan ikke sette mål for teamet.",
        "goal.person_not_managed": "{name} er ikke med i et team du leder, så du kan ikke sette mål for "
        "vedkommende. (En leders egne mål settes av en administrator.)",
        "goal.closed": "Perioden for det målet er avsluttet (nådd eller ikke nådd), og et avsluttet mål "
        "beholder målverdien sin.",
        "goal.gone": "Det målet finnes ikke lenger. Sett det på nytt med `/sales goal`.",
        "goal.history_denied": "Du kan se målene til deg selv, teamene dine, folkene du leder og selskapet.",
        "goal.history_subject_missing": "Hvem sin historikk? Nevn en person (@navn), et team "
        "(`team:NAVN`) eller `selskap`.",
        "goal.subject.company": "selskapet",
        "goal.subject.company_title": "Selskapet",
        "goal.subject.team": "teamet *{name}*",
        "goal.amount.units": "{count} enheter",
        "goal.amount.deals": "{count} avtaler",
        "goal.product_suffix": " · {product}",
        "goal.metric.revenue": "Omsetning",
        "goal.metric.units": "Enheter",
        "goal.metric.deals": "Avtaler",
        "goal.reason.performance": "Ytelse",
        "goal.reason.economy": "Økonomien",
        "goal.reason.competition": "Konkurransen",
        "goal.reason.other": "Annet",
        "goal.created": ":white_check_mark: Mål satt for {subject}: *{target}* i {period}{product}.",
        "goal.revised": ":white_check_mark: Målet for {subject} i {period}{product} er endret: "
        "{old} → *{new}*.",
        "goal.unchanged": "Ingenting er endret: målet for {subject} i {period}{product} er allerede *{target}*.",
        "goal.needs_reason": ":pencil2: Målet for {subject} i {period}{product} er allerede *{old}*. "
        "Å endre det til *{new}* er en revisjon, og en revisjon trenger en begrunnelse som de berørte får "
        "se. Ingenting er endret ennå.",
        "goal.needs_reason_hint": "Klikk på knappen, eller gjenta kommandoen med begrunnelsen til slutt.",
        "goal.revise_button": "Endre med begrunnelse",
        "goal.reason_line": "Begrunnelse: {reason}",
        "goal.told.person": "{user} har fått beskjed på DM.",
        "goal.told.team_dm": "De {count} medlemmene i *{team}* har fått beskjed på DM.",
        "goal.told.team_channel": "Lagt ut i <#{channel}>.",
        "goal.told.company": "Kunngjort i <#{channel}>.",
        "goal.told.nobody_company": "Ingen har fått beskjed: det er ingen kanal for kunngjøringer. En "
        "administrator velger en i `/sales settings` og inviterer @salesbot dit.",
        "goal.told.nobody_team": "Ingen har fått beskjed: *{team}* har ingen medlemmer ennå. Legg dem til "
        "med `/sales team add`, eller gi teamet en kanal med `/sales team channel`.",
        "goal.told.nobody_team_you": "Ingen andre har fått beskjed: du er det eneste medlemmet i *{team}*, "
        "og teamet har ingen kanal.",
        "goal.coverage": "De individuelle målene dekker {percent} av teammålet ({people} av {members} "
        "medlemmer har et).",
        "goal.coverage_none": "Ingen i *{team}* har et individuelt mål for dette ennå.",
        "goal.coverage_team": "De individuelle målene i *{team}* dekker nå {percent} av teammålet.",
        "goal.post_not_in_channel": ":warning: Jeg fikk ikke lagt ut målet for {subject} i <#{channel}>: "
        "salesbot er ikke med i den kanalen. Skriv `/invite @salesbot` der, så virker det neste gang.",
        "goal.post_failed": ":warning: Jeg fikk ikke lagt ut målet for {subject} i kanalen som er valgt "
        "for det (Slack svarte `{error}`). Den kan være arkivert, eller privat uten salesbot: inviter "
        "@salesbot, eller be en administrator velge en annen kanal i `/sales settings`.",
        "goal.dm_failed": ":warning: Disse fikk ikke beskjed om målet på DM: {people}.",
        "goal.notify.person_new": ":dart: {actor} har satt et mål for deg: *{target}* i {period}{product}.",
        "goal.notify.team_new": ":dart: {actor} har satt et mål for *{team}*: *{target}* i {period}{product}.",
        "goal.notify.company_new": ":dart: Nytt mål for selskapet fra {actor}: *{target}* i "
        "{period}{product}.",
        "goal.notify.person_revised": ":pencil2: {actor} har endret målet ditt for {period}{product}: "
        "{old} → *{new}*.",
        "goal.notify.team_revised": ":pencil2: {actor} har endret målet for *{team}* i {period}{product}: "
        "{old} → *{new}*.",
        "goal.notify.company_revised": ":pencil2: {actor} har endret selskapets mål for {period}{product}: "
        "{old} → *{new}*.",
        "goal.notify.progress": "Se hvordan det går med `/sales progress`.",
        "goal.modal.title": "Sett et mål",
        "goal.modal.submit": "Sett mål",
        "goal.modal.scope": "Målet gjelder",
        "goal.scope.person": "En person",
        "goal.scope.team": "Et team",
        "goal.scope.company": "Hele selskapet",
        "goal.modal.person": "Person",
        "goal.modal.person_hint": "Trengs bare for en persons mål.",
        "goal.modal.team": "Team",
        "goal.modal.team_hint": "Trengs bare for et teammål.",
        "goal.modal.metric": "Måles i",
        "goal.modal.target": "Mål",
        "goal.modal.target_hint": "Omsetning i {currency}, eller et antall enheter eller avtaler: 150000, "
        "150 000 eller 150k.",
        "goal.modal.period": "Periode",
        "goal.period.this_month": "Denne måneden ({label})",
        "goal.period.next_month": "Neste måned ({label})",
        "goal.period.this_quarter": "Dette kvartalet ({label})",
        "goal.period.next_quarter": "Neste kvartal ({label})",
        "goal.period.this_year": "I år ({label})",
        "goal.modal.period_other": "Eller en annen periode",
        "goal.modal.period_other_hint": "For eksempel 2026-K1, 2027 eller 2026-11-03..2026-12-15. Brukes "
        "i stedet for valget over.",
        "goal.modal.product": "Produkt",
        "goal.modal.all_products": "Alle produkter",
        "goal.modal.product_text_hint": "La stå tomt for alle produkter, eller skriv et navn fra "
        "/sales product list.",
        "goal.modal.reason_category": "Begrunnelse for en endring",
        "goal.modal.reason_hint": "Trengs bare når du endrer et mål som finnes; de berørte får se den.",
        "goal.modal.reason_text": "Forklaring",
        "goal.modal.reason_text_hint": "Vises for de berørte, sammen med begrunnelsen.",
        "goal.field.person_missing": "Velg personen.",
        "goal.field.team_missing": "Velg teamet.",
        "goal.field.reason_needed": "Dette målet finnes med {old}. Velg en begrunnelse for å endre det til "
        "{new}.",
        "goal.field.unchanged": "Målet er allerede {target}. Endre målverdien, eller avbryt.",
        "goal.revise.title": "Endre mål",
        "goal.revise.submit": "Endre",
        "goal.revise.intro": "*{subject}* · {period}{product}\nNåværende mål: *{old}*",
        "goal.revise.target": "Nytt mål",
        "goal.revise.category": "Begrunnelse",
        "goal.revise.text": "Forklaring",
        "goal.revise.text_hint": "De berørte ser begrunnelsen og denne teksten.",
        "goal.list.title": "Mål · {period}",
        "goal.list.empty": "Det er ingen mål du kan se for {period}.",
        "goal.list.empty_manager": "Det er ingen mål du kan se for {period}. Sett et med `/sales goal`.",
        "goal.list.company": "*Selskapet*",
        "goal.list.teams": "*Team*",
        "goal.list.people": "*Personer*",
        "goal.list.line": "• {subject}: *{target}* · {period}{product}{revisions}",
        "goal.list.revisions": " · endret ×{count}",
        "goal.list.more": "…og {count} til.",
        "goal.list.hint": "`/sales goal history @person|team:NAVN|company` viser endringene i et mål.",
        "goal.rep_note": "Mål settes av lederen din. Dette er målene du kan se:",
        "goal.history.title": "Målhistorikk · {subject}",
        "goal.history.empty": "Det finnes ingen mål for {subject} ennå.",
        "goal.history.empty_period": "Det finnes ingen mål for {subject} i {period}.",
        "goal.history.goal": "*{period}*{product} · *{target}* · satt av {setter} {date}{status}",
        "goal.history.status": " · {status}",
        "goal.history.revision": "• {date}: {old} → {new} · {reason} · {who}",
        "goal.history.earlier": "…og {count} tidligere endringer.",
        "goal.history.no_revisions": "Ingen endringer.",
        "goal.history.someone": "noen",
        "goal.history.more": "Viser de {count} siste målene; legg til en periode for å se andre.",
    },
}
