"""Phrase and pattern rules for first-person crisis language, read sentence by sentence.

Writers at risk rarely say "suicide": they write that they do not want to wake up, that their family
would be better off, that they saved up pills, that they drink to get through, that they cut, that
they cannot go on. These rules describe those first-person phrasings (see docs/crisis.md and the
real statements in data/crisis/real.jsonl that they were written against).

How a text is read:

1. ``normalise``: lower case, one kind of quote and apostrophe, contractions without apostrophes
   ("dont", "im", "cant") and chat spellings ("wanna", "u", "my self") put back, so typos and
   missing punctuation do not hide a phrase.
2. ``strip_non_self``: words that are not the writer's own are removed: a quotation attributed to
   someone else ("a patient said 'I want to die'"), and idioms that use crisis words about something
   else ("this shift is killing me", "I could murder a coffee", "dying for a day off").
3. ``windows``: the text is cut into sentences; every sentence, and every sentence joined to the one
   before it (for "What was I thinking of? Suicide."), is checked on its own, so one sentence at risk
   inside a long post flags the whole text.
4. Each pattern is written for the writer's own voice. Patterns marked in ``NEEDS_SELF`` also need a
   first-person word in the same clause and no other person between that word and the phrase
   ("my daughter attempted suicide" is not the writer's attempt), and patterns in ``NEGATABLE`` are
   cancelled by a negation just before them ("I'm not suicidal"), that phrase only: "I'm not
   suicidal but I wouldn't mind not waking up" still fires.
"""

# ruff: noqa: E501 -- each pattern stays on one line so it can be read and diffed as a unit.
from __future__ import annotations

import functools
import re

SELF = r"(?:i|i'm|i've|i'd|i'll|i was|i am)"
ADV = r"(?:\s+(?:just|really|honestly|sometimes|often|actually|kind of|kinda|seriously|almost|still|even|genuinely|truly|literally))*"
# Words that name someone other than the writer; a first-person anchor must not be followed by one
# of these before the risk phrase ("I heard my colleague tried to kill himself").
OTHER = r"(?:he|she|they|him|her|his|hers|their|them|we|our|us|you|your|patient|patients|pt|colleague|colleagues|coworker|coworkers|co-worker|co-workers|friend|friends|daughter|son|wife|husband|mother|mom|father|dad|brother|sister|parent|parents|resident|residents|doctor|doctors|physician|physicians|nurse|nurses|student|students|someone|somebody|people|man|woman|men|women|who|classmate|classmates|surgeon|surgeons|anyone|everyone|professor|teacher|boss|uncle|aunt|cousin|grandmother|grandfather|grandma|grandpa|boyfriend|girlfriend|neighbou?r)"
# The gap between a first-person anchor and the risk phrase; a match whose text names someone else
# ("my daughter attempted suicide") is rejected after matching (see _names_other), which is much
# cheaper than a tempered pattern here.
NOT_OTHER = r"[^.?!]"
# After a suicide word: the topic, not the act ("suicide prevention", "suicide rates among nurses").
TOPIC = r"(?!\s+(?:prevention|rates?|risk|awareness|statistics|data|research|screening|training|modules?|epidemic|crisis|loss|survivors?|among|in (?:physicians|doctors|nurses|medicine|healthcare|our)))"
SUICID = r"s(?:ui|iu|u|i)c(?:i|ie|ei)?d(?:e|al|ial|le)"
SUICIDAL = r"s(?:ui|iu|u|i)c(?:i|ie|ei)?d(?:al|ial|le)"
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself|mine)\b")

# Each pattern describes the writer's own ideation, plan, self-harm, farewell or coping by
# drinking or pills. Grouped by what they catch; names are reported in CrisisAssessment.rules.
CRISIS_PATTERNS: dict[str, str] = {
    # --- explicit ideation, plan and attempt -------------------------------------------------
    "kill_self": r"\b(?:kill|killing|killed|off|offing|hang|hanging|hung|hanged|shoot|shooting|poison|poisoning|drown|drowning|unalive|unaliving)\s+myself\b|\bkms\b",
    # Not "how to take my life or what direction to take my work life".
    "end_life": r"\b(?:end|ending|take|taking|took)\s+my\s+(?:own\s+)?life\b(?!\s+(?:or\b|in (?:a|another|the) direction|forward|back\b))",
    "suicidal_self": rf"\b(?:i|i'm|i've|i was|i am|i became|i become|i felt|i feel|i get|i got|i've been|i had been|i have been|made me|makes me|left me)\b{NOT_OTHER}{{0,30}}\b{SUICIDAL}\b(?!\s+(?:patients?|teen\w*|kids?|child\w*|man|woman|men|women|person|people|pts?|friends?|colleagues?|mother|father|son|daughter|veterans?|clients?|callers?|residents?|students?|ideation in|behaviou?r))",
    "suicidal_thoughts": rf"\b(?:my|having|had|have|get|getting|been having|voiced|experienced|experiencing|battled|battling|struggled with|struggling with|fought|fighting)\s+(?:\w+\s+){{0,2}}(?:{SUICID}\s+(?:thoughts?|ideation|feelings?|urges?|attempts?|plans?)|thoughts\s+of\s+(?:{SUICID}|dying|death|killing myself|ending it))\b",
    "thinking_of_suicide": rf"\b(?:think|thinking|thought|thoughts|considered|considering|contemplat\w*|googl\w*|search\w*|research\w*|plann\w*|fantasi[sz]\w*|dream\w*|obsess\w*)\b{NOT_OTHER}{{0,40}}?\b(?:{SUICID}|killing myself|ending (?:my life|it all|it)|taking my (?:own )?life|overdos\w*|dying|my death|not (?:being|waking|existing)|jumping|my own funeral|crash\w* my car|driv\w* (?:off|into)|swerv\w*|hanging myself|harming myself|hurting myself|cutting myself|self[- ]harm\w*|stepping in front|walk\w* into (?:the )?(?:ocean|sea|lake|river|traffic))\b{TOPIC}|\bthinking (?:of|about)\s*\?\s*{SUICID}\b",
    "attempt_self": rf"\b(?:i|i'm|i've|i had|i have|my)\b{NOT_OTHER}{{0,45}}\b(?:{SUICID} attempts?|attempt(?:ed|ing)? {SUICID}|attempt(?:ed|ing)? to (?:kill|end|take) (?:myself|my life|my own life)|tried to (?:kill myself|end (?:my life|it|it all)|take my (?:own )?life))\b",
    "commit_suicide_self": rf"\b(?:way|ways|how|method|methods|means|spot|place|plan|plans|intend\w*|decided|decide|want|wanted|wanting|going to|ready to)\b{NOT_OTHER}{{0,30}}\bcommit(?:ting)? {SUICID}\b",
    "overdose_self": rf"\b(?:i|i'm|i've|i'd|i was|i had|my|me)\b{NOT_OTHER}{{0,30}}\b(?:overdos(?:e|ed|ing)|od(?:'d|ed)? on)\b",
    "went_through_with_it": r"\b(?:go|going|gone|went|follow|following)\s+through\s+with\s+it\b|\b(?:if|when|whether|how)\s+i\s+(?:would|will|'d|am going to|was going to)\s+(?:actually\s+)?do\s+it\b",
    "nearly_died": rf"\b(?:nearly|almost)\s+(?:lost|ended|took|died|killed)\b{NOT_OTHER}{{0,20}}\b(?:my (?:own )?life|myself|by {SUICID})\b|\bi (?:knew|felt like|thought|was sure) i was going to die\b",
    "want_die": rf"\b{SELF}{ADV}\s+(?:want|wanted|wanna|wish|wished|would like|am ready|'m ready|was ready|hope|hoped)\s+(?:to\s+)?(?:die|be dead|not\s+(?:be\s+)?(?:alive|here|exist|wake up))\b|\bi want die\b",
    "wish_sick_die": rf"\b(?:wish|wished|wishing|hope|hoped|hoping|pray|praying|prayed)\b{NOT_OTHER}{{0,40}}\b(?:and die|would die|i'?d die|i die|to die|was dead|were dead|wouldn'?t survive|never recover|bad enough that i never)\b|\b(?:easier|better|simpler)\s+(?:to\s+)?(?:just\s+)?(?:not\s+exist|not\s+be\s+here|be dead|disappear forever)\b",
    "deserve_die": r"\bi\s+(?:\w+\s+){0,2}deserved?\s+to\s+die\b",
    # "I would rather be dead than have to suffer through another day" (job hyperbole is an idiom).
    "rather_dead": r"\b(?:i'?d|i would)\s+(?:much\s+)?rather\s+(?:be dead|die|not (?:be alive|exist|wake up|be here))\b",
    "take_me_away": r"\b(?:wish|wishing|wished|pray|praying|prayed|hope|hoping|hoped|beg|begging|begged)\b[^.?!]{0,50}\b(?:would|to|will|could|might)\s+(?:just\s+)?take\s+me\s+(?:away|home|now)\b",
    # Holding oneself back, or regretting that one did not: "convince myself not to jump out of the window".
    "held_back": r"\b(?:convinc\w*|talk\w*|stop\w*|keep|kept|hold\w*|held)\s+myself\s+(?:out of|not to|from)\s+(?:jump\w*|kill\w*|end\w*|driv\w* (?:off|into)|swerv\w*|do(?:ing)? it|go(?:ing)? through with it)\b|\b(?:curs\w*|hat\w*|blam\w*|angry (?:at|with))\s+myself\s+for\s+not\s+(?:jumping|killing myself|ending it|going through with it|dying)\b",
    "height_enough": r"\b(?:far|high|tall|deep)\s+(?:down\s+)?enough\s+to\s+kill\s+me\b|\bwould\s+(?:the\s+)?(?:fall|drop|height|jump)\s+(?:even\s+)?kill\s+me\b",
    "funeral_plan": r"\bplann?\w*\s+my\s+(?:own\s+)?funeral\b|\bwr(?:ote|itten|iting)\s+my\s+(?:own\s+)?eulogy\b",
    "neck_ligature": r"\b(?:belt|rope|cord|noose|cable|scarf|sheet|strap)\b[^.?!]{0,50}\b(?:around|round)\s+my\s+(?:own\s+)?neck\b",
    "wish_dead": rf"\b{SELF}{ADV}\s+wish\s+(?:i\s+)?(?:was|were|could be)\s+dead\b|\bwish\s+i\s+(?:could\s+)?(?:just\s+)?(?:disappear forever|never wake up|wouldn'?t wake up|didn'?t wake up|not wake up|had never been born|was never born)\b",
    "not_wake": rf"\b(?:wish|wishing|wished|hope|hoping|hoped|pray|praying|prayed)\b{NOT_OTHER}{{0,25}}\b(?:wouldn'?t|won'?t|didn'?t|don'?t|never|not|to not)\s+(?:\w+\s+){{0,2}}(?:wake(?:\s+up)?|have to (?:do|face|live) (?:another|one more)|come back|see (?:another|tomorrow))\b",
    "praying_death": r"\bpray(?:ing|ed)?\s+for\s+(?:death|it to (?:end|be over)|the end|god to take me|a way out)\b",
    "not_want_live": rf"\b{SELF}{ADV}\s+(?:don'?t|do not|no longer|didn'?t|did not|never)\s+(?:really\s+|even\s+)?(?:want|wanted|wanna|wish|wished|care|feel the need|felt the need)\s+(?:to\s+)?(?:live|be alive|exist|wake up|keep living|survive|be me|be in this world)\b|\bnot sure (?:if |that )?i (?:want|still want) to (?:be alive|live|keep living|exist)\b",
    "not_want_here": rf"\b{SELF}{ADV}\s+(?:don'?t|do not|no longer|didn'?t|did not|never)\s+(?:really\s+|even\s+)?(?:want|wish)\s+(?:to\s+)?(?:be here|go on|keep going|be around)\b",
    "wanting_not_here": r"\b(?:want|wanting|wanted|wish|wishing|wished)\s+(?:to\s+)?not\s+(?:to\s+)?(?:be\s+)?(?:here|alive|exist|existing|wake up|be around)\b",
    "not_waking": r"\b(?:wouldn'?t|would not|won'?t|will not|don'?t|do not)\s+mind\s+(?:if\s+i\s+)?(?:not waking up|never waking up|never woke up|never wake up|didn'?t wake up|don'?t wake up|dying|died|not being here|not being alive|not existing)\b",
    "dont_care_if_die": r"\b(?:don'?t|do not|wouldn'?t|no longer|stopped|stop)\s+(?:really\s+)?car(?:e|ing)\s+(?:if|whether)\s+i(?:\s+(?:live|die|died|wake|woke|make it|survive|was alive|am alive)|'m alive|'m here)\b|\bno longer care (?:about|for|whether|if) (?:myself|yourself|living|anything|what happens to me)\b|\b(?:don'?t|do not|stopped|no longer)\s+(?:really\s+)?car(?:e|ing)\s+(?:about\s+)?what\s+happens\s+to\s+me\b",
    "if_i_died": rf"\bif\s+i\s+(?:died|die|were to die|was to die|didn'?t wake up|don'?t wake up|never woke up|was gone|were gone|wasn'?t here|weren'?t here|got hit|was hit|crashed)\b{NOT_OTHER}{{0,40}}\b(?:mind|care|matter|notice|relief|relieved|better|easier|miss|insurance|fine|peace)\b",
    "will_to_live": r"\bmy\s+will\s+to\s+live\b|\b(?:lost|losing|lose)\s+(?:the|my|any)\s+will\s+to\s+live\b",
    "why_alive": r"\bwhy\s+am\s+i\s+(?:even\s+|still\s+)*(?:alive|here|living|breathing)\b|\bwhy\s+(?:do|should)\s+i\s+(?:even\s+)?(?:bother\s+)?(?:living|stay alive|keep living|go on)\b",
    "still_alive_dismay": r"\b(?:fuck|shit|ugh|damn|unfortunately|sadly|disappointed|dismay)\W+(?:\w+\W+){0,2}i'?m\s+still\s+(?:alive|here|breathing)\b|\bwak(?:e|ing|ed|woke)\s+up\s+(?:still\s+)?alive\s+(?:was|is|felt)\s+(?:devastating|disappointing|a disappointment|awful)\b",
    "only_escape": rf"\b(?:only|last|best)\s+(?:escape|way out|option|answer|solution|choice|exit)\b{NOT_OTHER}{{0,40}}\b(?:death|die|dying|to end my life|{SUICID}|kill myself|not being here|end it)\b|\bmy\s+only\s+escape\s+(?:was|is|would be)\b|\b(?:death|dying|{SUICID})\s+(?:was|is|seemed|felt like|would be)\s+(?:the|my)\s+only\s+(?:escape|way out|option|answer|solution|way)\b|\bwonder\w*\s+(?:if|whether)\b[^.]{0, 40}\bwould\s+kill\s+me\b|\b(?:drop|fall|height|jump)\s+would\s+(?:be enough to\s+)?kill\s+me\b",
    "no_other_option": r"\bno\s+other\s+(?:options?|way|choice)s?\s+(?:for me|left|but)\b|\bi\s+(?:feel|felt|see|saw)\s+(?:like\s+)?(?:there'?s|there is|there was|there were)\s+no\s+(?:other\s+)?(?:options?|way out|way forward|choice|other way)\b|\b(?:don'?t|can'?t|couldn'?t|didn'?t)\s+see\s+(?:a|any)\s+way\s+out\b",
    "better_off": r"\b(?:better off|easier|happier|better)(?:\s+for\s+(?:everyone|everybody|them|my family|all))?\s+if\s+i\s+(?:just\s+)?(?:died|disappeared|was gone|were gone|wasn'?t around|weren'?t around|wasn'?t here|weren'?t here|wasn'?t alive|left for good|never woke up|didn'?t wake up)\b|\b(?:better\s+off|easier)\s+(?:if\s+i\s+(?:was|were|wasn'?t|weren'?t|didn'?t|just|died|disappeared|was gone|were gone)|without\s+me|with(?:out)?\s+me\s+gone|if\s+i'?m\s+gone)\b",
    "fine_if_gone": r"\b(?:fine|better|easier|happier|relieved|lighter)\b[^.]{0,30}\bif\s+i\s+(?:just\s+|simply\s+)?(?:wasn'?t|weren'?t|was not|were not)\s+(?:here|around|alive|in the picture)\b",
    "giving_away": r"\bgiv(?:e|ing|en)\s+(?:away\s+)?(?:my|all my|all of my)\s+(?:things|stuff|belongings|possessions|pets?|cat|dog)\s+away\b|\bgiv(?:e|ing|en)\s+away\s+(?:my|all my|all of my)\s+(?:things|stuff|belongings|possessions)\b",
    "better_off_dead": r"\b(?:i'?d|i would|i'?m|i am)\s+(?:be\s+)?better\s+off\s+dead\b",
    "burden": r"\b(?:i'?m|i am|i was|i'?d be|i would be|being|be|feel like i'?m|feel like a)\s+(?:\w+\s+){0,3}burden\s+(?:to|on|for)\s+(?:my|everyone|everybody|the people|all|them|my loved|him|her|you|people|anyone|others|us)\b|\bi\s+(?:feel|felt)\s+like\s+(?:such\s+|just\s+|nothing but\s+)?(?:a|such a)\s+burden\b|\bi'?m\s+(?:such\s+|just\s+|nothing but\s+)(?:a\s+)?burden\b",
    "life_insurance": rf"\b(?:my|the)\s+(?:life\s+)?insurance\b{NOT_OTHER}{{0,40}}\b(?:better off|instead of me|than me|without me|if i)\b",
    "not_missed": r"\b(?:no ?one|nobody|no-one|(?:the\s+)?world|anyone|they|people)\s+(?:would|will)(?:n'?t|\s+not)?\s+(?:even\s+)?(?:\w+\s+)?(?:miss me|notice|care)\b[^.]{0,25}\bif\s+i\s+(?:was|were|wasn'?t|weren'?t|died|disappeared|left for good|didn'?t wake up|was gone|were gone)\b(?!\s+(?:at work|on shift|on the schedule|late))|\b(?:no ?one|nobody|no-one)\s+would\s+(?:even\s+)?(?:really\s+)?miss\s+me\b|\bnotice\s+(?:if\s+|that\s+)?i\s+(?:was|were|'m)\s+gone\b|\bwould\s+(?:be\s+missed|miss\s+me)\s+if\b",
    "not_worth": r"\b(?:i\s+(?:was|am|'m)|i'?m|me)\s+(?:\w+\s+){0,2}not\s+worth\s+(?:another breath|living|the air|saving|being alive|the oxygen|keeping alive)\b|\bnot\s+worth\s+another\s+breath\b",
    "no_reason_live": r"\b(?:no|any|nothing(?:\s+left)?)\s+(?:reason|point|purpose)\s+(?:to|in|for)\s+(?:live|living|go on|going on|keep going|being alive|being here|me|anything|life)\b|\b(?:nothing|anything)\s+(?:left\s+)?to\s+live\s+for\b|\b(?:not seeing|don'?t see|can'?t see|didn'?t see|couldn'?t see)\s+(?:a|any|the)\s+point\s+(?:in|of)\s+(?:anything|living|life|going on|being here|it all|me)\b|\b(?:can'?t|cannot|couldn'?t|don'?t|do not)\s+(?:find|see|think of)\s+(?:a|any)\s+reason\s+(?:for me\s+)?to\s+(?:be here|live|stay|keep going|go on|be alive)\b",
    "point_of_me": r"\bwhat'?s\s+the\s+point\s+(?:of\s+(?:me|my life|living|going on|being alive|anything|it all)|anymore|any more|in living|in going on)\b|\b(?:run|ran)\s+out\s+of\s+hope\b",
    "keep_going_how": r"\b(?:don'?t know|not sure|no idea|unsure)\s+how\s+(?:to\s+|i\s+can\s+)?(?:keep (?:going|moving forward|living|on)|go on|carry on|continue|survive)\s*(?:any ?more|like this)\b|\b(?:don'?t|do not)\s+know\s+how\s+long\s+i\s+have\b",
    "no_future": r"\b(?:can'?t|couldn'?t|don'?t|do not)\s+see\s+(?:anything|a thing|any(?:thing)? good)\s+in\s+(?:the|my)\s+future\b|\b(?:don'?t|can'?t|do not|cannot|couldn'?t|didn'?t|no longer)\s+(?:\w+\s+){0,2}(?:see|imagine|picture)\s+(?:\w+\s+){0,3}(?:a|any|my)\s+future\b",
    "thoughts_of": rf"\bthoughts\s+(?:of|about)\s+(?:{SUICID}|killing myself|ending (?:it|my life|things)|dying|not being here|not waking up|harming myself|hurting myself|self[- ]harm\w*|overdosing)\b(?!\s+(?:prevention|rates?|risk|awareness|among))",
    "ending_things": r"\bhow\s+i'?d\s+end\s+(?:it|things|everything)\b|\b(?:thinking|thought|think)\s+about\s+(?:how\s+i'?d\s+)?end(?:ing)?\s+(?:things|everything)\b",
    "make_it_stop": r"\bmak(?:e|ing)\s+(?:it|everything|the pain|all of it)\s+(?:all\s+)?stop(?:\s+for\s+good|\s+forever|\s+permanently)?\b",
    "jealous_dead": r"\b(?:jealous|envious|envy)\b[^.]{0,40}\b(?:dead|died|dying|crash|passed away|funeral|terminal)\b|\b(?:dead|died|dying|fatal|crash|funeral|terminal)\b[^.]{0,60}\b(?:jealous|envious|envy)\b",
    "how_easy": r"\bhow\s+easy\s+it\s+would\s+be\s+to\s+(?:just\s+)?(?:let go|jump|step|fall|end|drive|swerve|take|disappear|not|stop|walk into|go over)\b",
    "without_me": r"\bwithout\s+me\s+(?:in (?:it|the picture|their lives?|the world)|around|here|anymore|alive)\b|\b(?:world|everyone|everybody|family|kids|children|husband|wife|partner)\b[^.]{0,40}\b(?:fine|better|easier|happier)\b[^.]{0,20}\bwithout me\b|\bbetter off with (?:a|another|someone|somebody)\b[^.]{0,30}\b(?:who isn'?t|else|instead of me|than me)\b",
    "wouldnt_swerve": r"\bwouldn'?t\s+(?:swerve|brake|hit the brakes|fight it|try to stop it)\b|\bif\s+something\s+(?:happened|happens|were to happen|was to happen)\s+to\s+me\b",
    "looked_up_means": r"\blooked\s+up\s+(?:the|a|which)\s+(?:bridge|building|overpass|cliff|dose|doses|lethal|tallest)\b|\btook\s+(?:a|some|the)\s+(?:vials?|meds|pills|insulin|fentanyl|propofol|ketamine|potassium|morphine|dilaudid|sux)\s+home\b|\b(?:calculat\w*|figur\w*|work\w* out|worked out|look\w* up)\b[^.]{0,20}\b(?:doses?|the correct dose|how much|how many)\b[^.]{0,20}\b(?:for myself|for me|would take|it would take)\b|\bkeep(?:ing)?\s+(?:some of\s+)?(?:the\s+)?(?:wasted|waste|leftover)\s+(?:meds|medications?|narcotics|vials|doses)\b|\binstead of wasting them\b",
    "rope_gun_home": r"\b(?:rope|gun|pistol|rifle|shotgun)\b[^.]{0,30}\b(?:garage|closet|house|car|drawer|safe|nightstand)\b[^.]{0,60}\b(?:keep thinking|think about|thinking about|know why)\b",
    "garage_bridge": r"\b(?:car|engine)\b[^.]{0,40}\bgarage\b[^.]{0,40}\bengine running\b|\bengine running\b[^.]{0,30}\bgarage\b|\b(?:keep|kept|can'?t stop|always)\s+(?:looking|staring|thinking)\s+(?:at|about)\s+(?:the|that)\s+(?:bridge|overpass|tracks|train|ledge|edge|balcony|river|roof|rope|pills|meds|vials)\b",
    "stopped_wanting": r"\bstopped\s+wanting\s+to\b|\bcan'?t\s+(?:picture|imagine|see)\s+(?:myself\s+)?(?:still\s+)?(?:being\s+)?(?:here|alive|around)\s+(?:in|by|next|a year|much longer|anymore)\b|\b(?:doubt|don'?t (?:think|believe)) i'?ll (?:make it|be here|be around|survive|see)\b(?!\s+(?:on time|to (?:the|your|my) (?:party|meeting|shift)))|\b(?:nothing|anything)\b[^.]{0,40}\bmake me want to (?:be here|live|stay|keep going|go on)\b|\bno version of my life\b",
    "disambiguated": r"\bi\s+don'?t\s+mean\s+the\s+(?:shift|job|day|week|residency|rotation)\b|\bnot\s+(?:quitting\s+)?the\s+job\.\s*(?:me|making)\b|\bwaiting\s+for\s+(?:it all|everything|my life|it)\s+to\s+(?:be over|end)\b",
    "relief_sleep": r"\b(?:be a|such a|what a|would be a)\s+relief\s+to\b[^.]{0,40}\b(?:sleep|not wake|disappear|be gone|not exist|never|ever again|die)\b|\b(?:fall asleep|go to sleep|sleep)\b[^.]{0,40}\b(?:ever again|and never wake|and not wake)\b",
    "stop_fighting": r"\b(?:finally\s+)?stop\s+fighting\s+it\b|\bthe\s+(?:night|day)\s+i\s+(?:finally\s+)?(?:do it|go through with it|end it|stop fighting)\b",
    "scared_of_self": r"\b(?:scared|afraid|frightened|terrified)\s+of\s+myself\b|\bdon'?t\s+trust\s+myself\s+(?:around|with|alone|near)\b|\b(?:don'?t|do not|didn'?t)\s+feel\s+safe\s+(?:with|around|by)\s+myself\b|\bnot\s+safe\s+(?:with|around)\s+myself\b|\ba\s+danger\s+to\s+myself\b",
    "last_shift_note": r"\bmy\s+last\s+(?:shift|day|night|week)\b.{0,100}\b(?:anyone'?s fault|not your fault|sorry|goodbye|loved|love you|someone to know)\b|\bif\s+you(?:'re|\s+are)\s+reading\s+this\b.{0,120}\b(?:sorry|loved|goodbye|tell (?:my|them|everyone))\b|\b(?:wrote|written|writing|left)\s+(?:notes?|letters?|goodbyes?)\s+(?:for|to)\s+(?:my|everyone|the kids)\b|\bgave\s+(?:away\s+)?my\s+(?:dog|cat|pets?|things|stuff|belongings)\s+(?:away|to)\b",
    "future_bleak": r"\b(?:a|any|my)\s+future\s+at\s+all\b|\bsee\s+no\s+future\b|\b(?:my|the)\s+future\s+(?:feels|looks|seems|is)\s+(?:so\s+)?(?:pointless|black|empty|hopeless|bleak|dark|meaningless|nonexistent|non-existent)\b|\bhopeless\s+about\s+(?:the|my)\s+future\b",
    "give_up_ready": r"\b(?:ready|about|going)\s+to\s+give\s+up\b|\bsee\s+no\s+way\s+out\b|\bthere'?s\s+no\s+way\s+out\b",
    "say_goodbye": r"\bthis\s+is\s+(?:my\s+)?goodbye\b|\b(?:wanted|want|going|needed)\s+to\s+say\s+goodbye\b|\bgoodbye,?\s+(?:everyone|all|world|everybody)\b",
    "enough_means": r"\b(?:have|got|kept|keep)\s+enough\s+(?:\w+\s+)?(?:pills|meds|insulin|medications?|morphine|opioids|tablets)\b|\bresearch\w*\s+(?:\w+\s+)?(?:methods|ways to die|lethal doses?|how to (?:die|overdose))\b|\b(?:alcohol|wine|beer|vodka|whiskey|booze|drinking|pills|xanax|ativan|klonopin|benzos?|ambien|oxy\w*|opioids?|weed|pot)\b[^.]{0,40}\bonly\s+way\s+i\s+(?:can\s+)?(?:get through|cope|sleep|function|survive)\b",
    "si_abbrev": r"\b(?:having|had|have|with|passive|active|my|been having|experiencing)\s+si\b|\bsewer\s?slide\b",
    "woke_disappointed": r"\b(?:disappointed|upset|angry|sad|devastated)\s+(?:when|that|to)\s+(?:i\s+)?(?:wake|woke|waking)\s+up\b|\bbetter\s+off\s+gone\b",
    "ending_it": rf"\b{SELF}{ADV}\s+(?:been\s+|keep\s+|am\s+|'m\s+)?(?:thinking|think|thought|dream|dreaming)\s+(?:about|of)\s+(?:ending\s+(?:it|it all|things|everything|my life)|{SUICID}|dying|death|not\s+(?:being|existing|waking)|taking my|my own funeral)\b{TOPIC}",
    "end_it_all": r"\b(?:end|ending)\s+it\s+all\b|\bmake\s+it\s+all\s+stop\s+for\s+good\b",
    "want_end_it": r"\b(?:want|wants|wanna|going|ready)\s+to\s+(?:just\s+)?end\s+it\b(?!\s+with\b)",
    "want_over": r"\b(?:i\s+)?(?:want|need|wish)\s+(?:it|everything|this|things|the pain|my life)\s+(?:all\s+)?to\s+(?:be over|end|stop)\s+(?:for good|forever|permanently)\b|\bi want it to be over\b|\bmy life\b[^.]{0,20}\bover\b",
    "pain_to_end": rf"\b(?:want|wanted|need|needed|wish|wished)\b{NOT_OTHER}{{0,15}}\b(?:the|my|this|all the)\s+pain\s+to\s+(?:end|stop|go away forever)\b",
    "worth_living": r"\b(?:life|it|living)\s+(?:is\s*n'?t|is not|isn'?t|not|wasn'?t|was not)\s+worth\s+(?:living|it anymore)\b|\b(?:tired|sick) of (?:being alive|living|existing|being me|life)\b|\bceas(?:e|ing) (?:to )?exist\w*\b|\b(?:sleep|go to sleep)\s+and\s+(?:never|not)\s+wake\s+up\b|\bsleep\s+forever\b",
    "stop_existing": r"\b(?:stop|not|quit)\s+existing\b|\bmy own funeral\b|\btoo tired to (?:want to )?(?:live|survive|go on|keep going)\b|\bkeep living like this\b|\bdisappear\s+(?:forever|for good|permanently|and never come back)\b",
    # --- giving up, trapped, hopeless ----------------------------------------------------------
    "cant_go_on": r"\bi\s+(?:just\s+|really\s+|honestly\s+)?(?:can'?t|cannot|couldn'?t|can not)\s+(?:go on|keep going|take (?:it|this) any ?more|live like this|keep living|do life|survive this|do this any ?more|do this to myself any ?more)\b|(?:^|[.!?]\s*)i\s+(?:just\s+)?give\s+up\b|\bi\s+(?:just\s+)?want\s+(?:it|everything|this|it all)\s+(?:all\s+)?to\s+(?:end|stop|be over)\b",
    "end_of_rope": r"\b(?:end of my rope|end of my tether|reached my limit|at my limit)\b",
    "how_much_longer": r"\b(?:not sure|don'?t know|no idea|unsure)\s+how\s+(?:much\s+)?longer\s+i\s+can\s+(?:stand|take|do|keep|last|hold on|survive|go on|bear|manage)\b",
    "give_up_life": r"\b(?:giving|give|gave|given)\s+up\s+on\s+(?:life|myself|living|everything)\b|\bi\s+(?:just\s+)?(?:want|wanted)\s+to\s+give\s+up\b|\b(?:tired|sick)\s+of\s+fighting\b|\bno\s+(?:fight|strength)\s+left\b",
    "hopeless_self": r"\b(?:i\s+(?:was|am|feel|felt|'m|became|become|get|got)|i'?m|feeling|felt)\s+(?:so\s+|completely\s+|utterly\s+|totally\s+|really\s+|just\s+)?hopeless\b(?!\s+(?:about|at|with|when it comes to)\b)",
    "trapped_self": rf"\b(?:i|i'm|i was|i am|i felt|i feel|i've been|i'd been)\b{NOT_OTHER}{{0,25}}\btrapped\b|\btrap\s+i'?m\s+locked\s+into\b",
    "no_way_out": r"\bno\s+(?:other\s+)?way\s+out\b[^.]{0,20}\b(?:except|but|than)\s+(?:dying|death|to die)\b|\bsorry\s+for\s+what\s+i'?m\s+(?:about|going)\s+to\s+do\b|\bhow\s+(?:i\s+would|i'?d)\s+do\s+it\b|\btak(?:e|ing)\s+all\s+(?:my|the|of my)\s+(?:pills|meds|medications?)\b",
    "self_hatred": r"\b(?:i\s+(?:\w+\s+)?(?:hate|loathe|despise)\s+myself(?!\s+for\b)|self[- ]?loathing|self[- ]?hatred|i\s+(?:didn'?t|don'?t)\s+want\s+to\s+(?:look at|be)\s+myself\s+any\s*more)\b",
    "dark_thoughts": r"\b(?:my|having|had|have|these|the)\s+(?:dark|intrusive|scary|bad)\s+thoughts\s+(?:again|about (?:dying|death|ending)|are back|won'?t stop)\b|\bthoughts\s+(?:of|about)\s+(?:not being here|not waking up|ending it)\b",
    # --- means, places and methods in passing ---------------------------------------------------
    "have_plan": r"\b(?:i\s+have|i've\s+got|ive\s+got|i\s+made|i've\s+made|i\s+wrote(?:\s+down)?|i've\s+written)\s+a\s+plan\b(?!\s+(?:for|to\s+(?:fix|improve|address|talk|meet|change|get|ask|bring|raise|present|propose|cover|leave|quit|transfer|move|apply|go|start|finish|catch)))",
    "means": r"\b(?:saving|stockpiling|hoarding|collecting|saved|stockpiled|hoarded)\s+(?:up\s+)?(?:a load of\s+|a lot of\s+|enough\s+)?(?:my\s+|some\s+|the\s+)?(?:\w+\s+)?(?:pills|meds|medications?|tablets|vials?|insulin|opioids|narcotics|benzos)\b|\b(?:picked|chose|chosen|set)\s+a\s+date\b|\bchosen\s+the\s+spot\b|\bpicked\s+(?:out\s+)?the\s+(?:bridge|spot|place|day)\b"
    # Swallowing a handful or a bottle: "took a handful of Benadryl to knock myself out".
    r"|\b(?:took|swallowed|downed)\s+(?:a|the)\s+(?:whole\s+)?(?:handful|fistful|bottle|packet|box)\s+of\s+(?:my\s+)?(?:\w+\s+)?(?:pills|tablets|meds|benadryl|tylenol|paracetamol|sleeping pills|ambien|xanax|ativan|valium|klonopin|seroquel|trazodone|painkillers|oxy\w*|percocet|vicodin|nyquil|unisom)\b",
    "pills_in_hand": rf"\b(?:bottle|handful|stash|box|pile)\s+of\s+(?:my\s+)?(?:\w+\s+)?(?:pills|meds|xanax|tylenol|paracetamol|ambien|oxy\w*|benzos?|sleeping pills|insulin|tablets|opioids)\b|\b(?:down|swallow|swallowed|take|took|taking)\s+(?:it|them)\s+all\b|\bthe\s+lethal\s+dose\b{NOT_OTHER}{{0,20}}\b(?:of|for)\s+me\b|\bhow\s+(?:many|much)\s+(?:\w+\s+)?(?:it would take|would kill me|is lethal)\b",
    "drive_into": r"\b(?:drive|driving|drove|drift\w*|swerv\w*|steer\w*|veer\w*)\b[^.?!]{0,30}\b(?:into|off|across|in front of|over)\b[^.?!]{0,30}\b(?:tree|wall|bridge|traffic|lane|truck|road|cliff|overpass|highway|pole|line|median|guardrail|oncoming|barrier)\b|\bkeep\s+my\s+hands\s+on\s+the\s+(?:steering\s+)?wheel\b|\blet\s+go\s+of\s+the\s+(?:steering\s+)?wheel\b|\btemptation\s+to\s+let\s+go\b",
    "jump": rf"\b(?:i|i'm|i've|i'd|i was|me|my)\b{NOT_OTHER}{{0,30}}\b(?:jump(?:ing)?|step(?:ping)?(?:\s+out)?|throw(?:ing)? myself)\s+(?:off|from|in front of)\b",
    "dnr_self": r"\b(?:not\s+for\s+resuscitation|do\s+not\s+resuscitate|dnr)\b[^.?!]{0,40}\b(?:so\s+they|for\s+me|wouldn'?t\s+(?:try\s+to\s+)?save\s+me)\b|\bwouldn'?t\s+(?:try\s+to\s+)?save\s+me\s+again\b",
    "means_differently": r"\b(?:look|looking|looked|see|seeing|think|thinking)\s+(?:at|about)\s+(?:the\s+|my\s+|our\s+)?(?:meds|pills|vials|medications?|insulin|drugs|narcs|pyxis|omnicell)\b[^.]{0,40}\bdifferently\b",
    "means_access": r"\b(?:what|which|exactly which|exactly what)\s+(?:\w+\s+)?i'?d\s+(?:take|use)\b|\bhow\s+to\s+do\s+it\b|\b(?:bought|got|have)\s+(?:a|the)\s+(?:gun|rope)\b|\bable\s+to\s+stop\s+myself\b|\beverything\s+i\s*(?:'d|would)?\s+need(?:ed)?(?:\s+to\s+do\s+it)?\b",
    "wish_harm": r"\b(?:wish|wished|hope|hoping|hoped|pray|praying|fantasi[sz]\w*|daydream\w*)\b[^.]{0,40}\b(?:would hit me|hit me|kill me|would go down|stop on its own|never have to come back|crash(?:ed)? (?:my car|into)|(?:a|the) (?:bus|car|truck) would)\b|\b(?:wish|wished|hope|hoping|hoped|pray\w*|fantasi[sz]\w*|daydream\w*)\b[^.]{0,30}\b(?:get|got|be|being|getting)\s+(?:into|in|hit by)\s+(?:a|an)\s+(?:\w+\s+)?(?:accident|crash|wreck|bus|car|truck)\b",
    "overdose_could": rf"\b{SELF}{ADV}\s+(?:want to|could|might|will|think about|thought about|would)\s+(?:just\s+)?(?:overdose|od|jump|crash (?:my car|into))\b",
    # --- risk vocabulary in the writer's own sentence ------------------------------------------
    # Broader than the phrases above, so each needs the writer as the nearest subject before it
    # (LEXICON, see _about_self) and none of the topic, possessive or licensing cues.
    "lex_suicide": rf"\b(?:{SUICID}|overdos\w*|od'?d)\b{TOPIC}(?!\s+(?:is|was|isn'?t|wasn'?t)\s+(?:(?:a|an|the)\s+)?(?:selfish|never|not|cowardly|preventable|wrong|complicated|complex|tragic|leading|major|public|permanent|serious|growing|real|rising))(?!\s+(?:hotline|lifeline|line|watch|notes? (?:of|from|left by)|patients?|teen\w*|kids?|child\w*|man|woman|men|women|person|people|pts?|friends?|colleagues?|mother|father|son|daughter|veterans?|clients?|callers?|residents?|students?))",
    "lex_attempt": rf"\b(?:an|my|the|first|second|third|another|last|{SUICID})\s+attempts?\b(?!\s+(?:to|at|of)\b)",
    "lex_pills": r"\b(?:took|take|taking|swallow\w*|downed|popped|popping)\s+(?:\w+\s+){0,2}?(?:lots of|a lot of|all (?:of )?(?:my|the)|a handful of|handfuls of|the (?:whole|entire) bottle of|a bottle of|so many|too many|\d+|a bunch of|the rest of (?:my|the)|every)\s+(?:\w+\s+)?(?:pills|tablets|meds|medications?|paracetamol|tylenol|xanax|benzos|sleeping pills|capsules)\b|\bso many pills\b",
    "lex_own_hands": r"\b(?:by|at the mercy of|with)\s+my\s+own\s+hands?\b|\bmy\s+own\s+(?:death|funeral|overdose)\b",
    "lex_wrist_vein": r"\b(?:scars?|cut|cuts|slash\w*|slit|air|inject\w*)\b[^.]{0,30}\bmy\s+(?:\w+\s+)?(?:wrists?|veins?|arms?|thighs?)\b|\bmy\s+(?:\w+\s+)?(?:wrists?|veins?)\b[^.]{0,20}\b(?:scars?|cut|slash\w*|slit)\b",
    "lex_no_hope": r"\b(?:no|lost (?:all )?(?:my )?|without|any)\s+hope\b(?!\s+(?:of|for|that|in)\s+(?:the|this|getting|fixing|change|changing|a raise|staffing|management|them|anything changing|things changing))",
    "lex_gave_up": r"\b(?:gave|give|giving|given)\s+up\s*(?:[.,;!]|$|\s+and\b|\s+on\s+(?:life|myself|living|everything|hope)\b)|\beasier\s+(?:it\s+would\s+be\s+)?to\s+(?:just\s+)?give\s+up\b",
    "lex_saw_no": r"\b(?:couldn'?t|can'?t|didn'?t|don'?t|could not|cannot)\s+see\s+(?:a|any)\s+way\s+(?:back|out|forward)\b|\b(?:saw|see|seeing|seen|can'?t see|couldn'?t see)\s+no\s+(?:\w+\s+)?(?:future|way out|hope|point|reason to|end to (?:the|this) pain|light)\b",
    "lex_cant_handle": r"\b(?:can'?t|cannot|couldn'?t|can not)\s+(?:handle|take|bear|stand|do|cope with)\s+(?:it|this|any of it|life|the pain)\s*any\s*more\b",
    "lex_another_day": r"\b(?:can'?t|couldn'?t|don'?t want to|didn'?t want to|last thing i wanted to do was|not)\b[^.]{0,30}\b(?:face|survive|endure|live through|get through|do|wake up to)\s+another\s+day\b|\b(?:my\s+)?last\s+day\s+(?:feeling like this|alive|on earth|of my life|i'?ll (?:ever|have to))\b",
    "lex_live_for": r"\b(?:nothing|no one|nobody|enough for me|anything left|no reason|nothing left)\s*(?:\w+\s+){0,3}?to\s+live\s+for\b",
    "lex_mind_stop": r"\bforce\s+myself\s+to\s+(?:breathe|live|keep breathing|stay alive)\b|\b(?:mind|brain|voice|voices|head)\s+tells?\s+me\s+to\s+(?:stop|die|end it|give up|do it)\b",
    "lex_drinking_problem": r"\b(?:drinking|my drinking|the drinking|pills|using)\b[^.]{0,30}\b(?:out of hand|out of control|a problem|too much|heavily)\b",
    "lex_plan_words": r"\bi\s+knew\s+what\s+i\s+was\s+going\s+to\s+do\b[^.]{0,80}\b(?:scared|stop me|anyone)\b|\bdidn'?t\s+want\s+anyone\s+to\s+stop\s+me\b|\b(?:tragic|staged|fake)\s+\"accident\"|\blook\s+like\s+an\s+accident\b",
    "lex_dark_place": r"\b(?:in|to|into)\s+(?:a|such a|that|the)\s+(?:\w+,?\s+){0,2}dark\s+place\b|\bhated\s+me\b(?=[^.]{0,40}\b(?:i|everyone|hell)\b)|\bhell,?\s+i\s+hated\s+me\b",
    "lex_die": r"\bwill(?:ing|ed)?\s+myself\s+to\s+die\b|\bwish(?:ing|ed)?\s+myself\s+dead\b|\bgoing to die\b[^.]{0,40}\bdo it myself\b|\b(?:(?:not\s+)?wanting to die|want(?:ed)? to die|wish(?:ed)? to die|ready to die|deserve(?:d)? to die|die in my sleep|dying would be|rather be dead|i'?d be dead|i would (?:probably |likely |surely |definitely )?be dead|wish(?:ing|ed)? for death|be better dead|welcome death|longing for death|long for death|wait(?:ing)? to die)\b",
    "lex_life_over": r"\bmy\s+life\s+(?:had|has|is|was|'s|felt|feels)\s+(?:\w+\s+)?(?:ended|over|pointless|meaningless|a waste|worthless|not worth (?:living|it))\b",
    "lex_sleep_forever": r"\b(?:forever|eternal|permanent|endless)\s+(?:slumber|sleep|rest)\b|\bsleep\s+(?:forever|for good|permanently)\b|\b(?:never|not|not to)\s+wake\s+up\s+(?:again|tomorrow|in the morning)\b",
    "lex_garage": r"\b(?:shut|closed|close)\s+the\s+garage\s+door\b|\b(?:go to sleep|sleep|fall asleep)\s+in\s+the\s+garage\b|\bgarage\b[^.]{0,50}\b(?:car|engine)\s+(?:running|on)\b|\b(?:car|engine)\s+(?:running|on)\b[^.]{0,40}\bgarage\b",
    "lex_survivor": rf"\b(?:i'?m|i am)\s+(?:a|an)\s+(?:{SUICID}\s+)?(?:attempt\s+)?survivor\b|\bsurvived\s+(?:my|a|two|three|several|multiple|both)\s+(?:{SUICID}\s+)?attempts?\b|\battempt\s+survivor\b",
    "lex_reliance": r"\b(?:reliance|relying|relied|dependen\w+|hooked)\s+on\s+(?:this chemical|alcohol|drink|drinking|booze|wine|pills|benzos|opioids|sleeping pills|xanax|painkillers|the bottle)\b|\b(?:drink|drinks|alcohol|pills|xanax|benzos|wine)\b[^.]{0,25}\bto\s+feel\s+\"?(?:normal|okay|ok|human|nothing|alive|anything)\b",
    "lex_hospitalised": r"\bi\s+(?:was|got|ended up|'ve been|had been|have been)\s+(?:\w+\s+){0,2}(?:admitted|hospitali[sz]ed|sectioned|committed|put on (?:a|an) (?:\w+\s+)?hold|5150'?d|baker acted)\b[^.]{0,40}\b(?:psych\w*|mental health|behaviou?ral|inpatient unit|hold|crisis unit)\b|\b(?:two|three|several|\d+)\s+(?:weeks|months)\s+in\s+(?:a\s+)?(?:psych\w*|hospital)\b",
    "lex_no_strength": r"\b(?:no|not|didn'?t have|don'?t have|lost)\b[^.]{0,40}\b(?:strength|energy|will|fight)\b[^.]{0,20}\bto\s+(?:go on|keep going|continue|live|keep living|fight|stay alive)\b",
    "lex_just_jump": r"\b(?:could|can'?t|couldn'?t|should|might|would|why can'?t)\s+(?:i\s+)?just\s+(?:jump|step off|let go of the (?:rail|ledge|wheel))\b",
    "lex_addiction": r"\bi(?:'m|\s+am|\s+was)\s+(?:an?\s+)?(?:addict|alcoholic)\b|\b(?:became|got|was|am|i'm)\s+(?:\w+\s+)?addicted\s+to\s+(?:opioids|pills|alcohol|painkillers|pain pills|benzos|fentanyl|oxy\w*|hydrocodone|narcotics|drugs|xanax|sleeping pills)\b|\b(?:keep|kept)\s+using\s+more\b|\b(?:hydrocodone|oxycodone|fentanyl|sufentanil|norco|vicodin|percocet|dilaudid|xanax|benzo\w*|the pills?)\b.{0,200}\b(?:felt|feel)\s+normal\b",
    "lex_only_way": r"\bonly\s+way\s+(?:out|to\s+(?:end|stop)\s+(?:it|the pain|this|my pain))\b[^.]{0,30}\b(?:take\s+(?:my|your)\s+(?:own\s+)?life|die|dying|death|{s}|kill)\b".replace(
        "{s}", SUICID
    ),
    # --- added after the train2 round (real statements no rule read; docs/crisis.md) ----------
    "let_me_die": r"\blet\s+me\s+(?:just\s+)?die\b|\bwish\s+(?:that\s+)?i\s+(?:could|would)\s+(?:just\s+)?die\b|\bi\s+(?:\w+\s+)?tried\s+to\s+die\b",
    "world_i_hate": r"\bhave\s+to\s+(?:stay|remain|live|exist)\s+in\s+this\s+(?:\w+\s+)?world\b|\bthis\s+world\s+i\s+(?:\w+\s+)?hate\b|\bi\s+hate\s+(?:living\s+in\s+)?this\s+world\b",
    "not_meant_to_wake": r"\b(?:wasn'?t|was not|weren'?t)\s+(?:meant|supposed|planning)\s+to\s+(?:wake(?:\s+up)?|be awake|survive|be alive|still be here)\b",
    "wish_vanish": r"\bwish\s+(?:i|you)\s+could\s+(?:just\s+)?(?:vanish|disappear|cease to exist|fade away|stop existing)\b(?!\s+(?:for|from|into the|to))",
    "when_i_end_it": r"\b(?:when|if|before|after|until|the day)\s+i\s+(?:finally\s+|actually\s+)?end\s+it\b(?!\s+(?:with|between))|\bi\s+(?:just\s+)?(?:can'?t|couldn'?t|cannot)\s+end\s+it\b(?!\s+(?:with|between|now|yet|early|there))|\bcut\s+(?:goes|went)\s+(?:\w+\s+){0,4}?(?:too\s+)?deep\b",
    "better_off_not_here": r"\bbetter\s+off\W{1,6}(?:not\s+(?:here|around|alive|existing)|gone|dead)\b",
    "only_alive_because": r"\b(?:only|still)\s+(?:alive|breathing)\s+because\b",
    "if_i_am_dead": r"\bif\s+i\s+(?:am|was|were|'m)\s+(?:just\s+|already\s+)?dead\b(?!\s+(?:tired|on my feet|wrong|serious|set))|\bif\s+i\s+(?:didn'?t|did not|don'?t|do not|never|wouldn'?t)\s+(?:wake|woke)\s+up\b(?!\s+(?:on time|in time|for|to|early|when|until|at|before))",
    "no_one_needs_me": r"\b(?:no one|nobody|no-one|noone)\s+(?:who\s+|that\s+)?(?:really\s+)?needs?\s+me\b(?!\s+(?:on|at|for|to|tonight|today|here|there))",
    "cant_stand_living": r"\b(?:can'?t|cannot|can not|couldn'?t)\s+(?:stand|bear|take|keep|go on)\s+living\b|\bliving\s+like\s+this\b",
    "never_waking": r"\b(?:without\s+ever|and\s+never|never)\s+waking(?:\s+up)?\b(?!\s+(?:up\s+)?(?:early|before|at|on time|in time|to an alarm))",
    "wont_live_past": r"\b(?:wouldn'?t|won'?t|will not|would not|didn'?t expect to|don'?t expect to|not going to)\s+live\s+(?:past|beyond|to see|to\s+\d+)\b",
    "life_lost_meaning": r"\b(?:my\s+)?life\s+(?:has|had|'s)\s+lost\s+(?:all\s+)?(?:its\s+|it'?s\s+)?(?:meaning|purpose|point|value)\b",
    "killed_me": r"\bi\s+(?:almost|nearly)\s+killed\s+me\b|\b(?:biggest|greatest|real)\s+threat\s+to\s+my\s+(?:own\s+)?life\b[^.]{0,30}\b(?:was|is)\s+me\b",
    "gun_to_head": r"\b(?:muzzle|barrel|gun|pistol|revolver|rifle|shotgun)\b[^.?!]{0,40}\b(?:in|to|against|under)\s+my\s+(?:mouth|temple|head|chin|chest)\b|\bblow\s+my\s+(?:own\s+)?(?:brains|head)\s+(?:out|off)\b",
    "emailed_goodbyes": r"\b(?:emailed|e-mailed|sent|texted|wrote|messaged)\s+(?:out\s+)?(?:some|my|a few|a couple of|few)?\s*\W?goodbyes?\b",
    "lex_hit_self": r"\b(?:strike|struck|striking|hit|hitting|punch\w*|slap\w*|bang\w*|beat|beating)\s+myself\b(?!\s+up\b)",
    "lex_lethal_dose": r"\blethal\s+(?:doses?|amounts?|injection)\b|\bpursue\s+death\b",
    # --- added after the seen misses were read again (2026-12-03, evening; docs/crisis.md) ---------
    "not_want_this_life": r"\b(?:don'?t|do not|didn'?t)\s+want\s+(?:this|my)\s+life(?:\s+any\s*more)?\s*(?:[.,;!]|$)|\b(?:lost|losing|lose)\s+(?:all\s+)?(?:my\s+)?(?:interest|will|desire)\s+(?:to\s+live|in\s+living)\b|\bwhy\s+(?:do|would|should)\s+i\s+(?:even\s+)?(?:want\s+to\s+)?(?:live|stay alive|keep living)\s*\?|\b(?:don'?t|do not)\s+deserve\s+to\s+(?:exist|live|be alive)\b|\b(?:living|life|being alive)\s+is\s+(?:a|such a)\s+curse\b|\bcapacity\s+to\s+(?:keep\s+)?liv(?:e|ing)\b|\b(?:any|a|no|one)\s+reasons?\s+to\s+(?:stay|keep)\s+(?:alive|living)\b",
    "all_want_is_die": r"\ball\s+(?:i|you)\s+(?:want|wanted)\s+(?:to\s+do\s+)?is\s+(?:to\s+)?die\b|\b(?:would|'d)\s+be\s+better\s+to\s+(?:just\s+)?(?:roll over and\s+)?die\b",
    "attempt_on_life": r"\battempt\s+on\s+my\s+(?:own\s+)?life\b|\breach(?:ed|ing)?\s+for\s+(?:the|a|my)\s+(?:rope|noose|gun|rifle|pistol|pills)\s+again\b|\b(?:bath|bathtub|tub)\b[^.?!]{0,30}\brazor\s+blade\b|\brazor\s+blade\b[^.?!]{0,30}\b(?:bath|bathtub|tub)\b|\bsee\s+(?:y'?all|you all|you guys|everyone)\s+on\s+the\s+other\s+side\b(?!\s+of)",
    "pills_to_see": r"\b(?:take|took|taking)\s+too\s+many\b[^.?!]{0,30}\bsee\s+what\s+(?:would|will)\s+happen\b|\bi\s+took\s+(?:\d+|all of them|them all)\b[^.?!]{0,30}\b(?:going to do it|would do it|never wake)\b",
    "drink_until": r"\b(?:drink|drinking|drank)\s+until\s+i\b[^.?!]{0,30}\b(?:pass(?:ed)? out|black(?:ed)? out|numb|can'?t feel)\b|\bi\s+was\s+(?:intoxicated|impaired)\b|\b(?:drunk|intoxicated)\s+(?:at|on|during)\s+(?:work|shift|my shift|call)\b",
    "try_not_to_cut": r"\b(?:trying|try|tried|all|hard|fighting)\s+not\s+to\s+(?:cut|self[- ]harm|hurt myself|burn myself)(?:\s+(?:again|myself|tonight|today))?(?=\s*(?:[.,;!]|$|\s+because|\s+but|\s+and))",
    # --- added after eval16's misses were read (docs/crisis.md) ---------------------------------
    # Waking after an attempt and dreading being alive; a stomach pumped or filled with charcoal.
    "still_alive_dread": r"\b(?:disappoint\w*|dread\w*|angry|upset|devastated|furious|cursed|hated|gutted|crushed)\b[^.?!]{0,30}\b(?:i was|i'm|i am|to (?:still )?be|to find (?:myself|i was))\s+(?:still\s+)?alive\b|\bstill\s+alive\s+rather\s+than\s+dead\b|\bwoke\s+up\b[^.?!]{0,40}\bstill\s+alive\b(?!\s+(?:and\s+)?(?:well|kicking))|\b(?:pumped|pumping)\s+my\s+stomach\b|\bmy\s+stomach\b[^.?!]{0,40}\b(?:pumped|charcoal)\b",
    # Death as a reward or relief to long for: "the relief of death", "death feels like a reward".
    "death_as_relief": r"\b(?:relief|release|peace|mercy|freedom|comfort)\s+of\s+death\b|\bdeath\b[^.?!,]{0,20}\b(?:feels|seems|sounds|looks|would be|would feel|will be)\s+(?:almost\s+)?(?:like\s+)?(?:a\s+|such\s+a\s+)?(?:reward|relief|release|gift|mercy|blessing|escape|freedom)\b|\b(?:wish|wishing|long|longing|yearn\w*|crav\w*)\s+for\s+(?:the\s+)?(?:peace\s+of\s+)?(?:an\s+)?(?:eternal|endless|permanent)\s+(?:blackness|darkness|nothingness|sleep|rest|peace|silence)\b",
    # "Nothing like feeling strongly suicidal at a job ...": the feeling with no "I" before it.
    "feeling_suicidal": rf"\b(?:feeling|felt)\s+(?:\w+\s+)?{SUICIDAL}\b(?!\s+(?:patients?|teen\w*|kids?|child\w*|man|woman|men|women|person|people|pts?|friends?|colleagues?|veterans?|clients?|callers?|residents?|students?))",
    "lex_whole_bottle": r"\b(?:drink|drank|drinking|finish\w*|down\w*|polish\w*)\s+(?:off\s+)?(?:the|a|an)\s+(?:whole|entire)\s+bottle\b|\bturned\s+into\s+the\s+(?:whole|entire)\s+bottle\b",
    "lex_hungover": r"\b(?:hung\s*over|drunk)\b[^.]{0,30}\b(?:at work|on shift|to work|every day|most days|for years|many years|all the time)\b|\b(?:at work|on shift|to work)\b[^.]{0,30}\b(?:hung\s*over|drunk)\b|\bhung\s*over\s+and\s+drunk\b|\boff\s+sick\b[^.]{0,40}\b(?:hung\s*over|drunk|drinking)\b",
    "lex_turn_to": r"\bturn(?:ed|ing)?\s+to\s+(?:drugs|alcohol|the bottle|booze|pills|drinking|substances|opioids|narcotics)\b",
    "lex_painkillers": r"\b(?:add|added|adding|swallow\w*|steal\w*|stole|divert\w*)\s+(?:in\s+)?(?:\w+\s+){0,4}?(?:prescription\s+)?(?:painkillers|pain pills|pain killers|opioids|oxy\w*|percocet|vicodin|norco|fentanyl|dilaudid|morphine|narcotics)\b|\bmy\s+(?:dad'?s|mom'?s|mother'?s|father'?s|parents'?|husband'?s|wife'?s)\s+(?:prescription\s+)?(?:painkillers|pain pills|opioids|oxy\w*|percocet|vicodin|norco|benzos|xanax|valium|klonopin|ativan|sleeping pills)\b",
    "lex_sharp_on_body": r"\b(?:razor|blade|scissors|sharpener|box cutter)\b[^.?!]{0,60}\b(?:my\s+(?:skin|arms?|wrists?|legs?|thighs?|knees?|stomach|hips?|ankles?|forearms?)|on\s+my\s+(?:skin|arms?|wrists?|legs?|thighs?|knees?|stomach|hips?))\b",
    "lex_cutting_body": r"\b(?:cut|cutting|carv\w*|burn|burning|slic\w*)\s+(?:into\s+)?my\s+(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|forearms?)\b(?!\s+(?:on|in|with|while|at|during))",
    "lex_psych_ward": r"\b(?:ended up|landed|wound up|woke up|was|been|got sent|sent)\s+(?:in|to)\s+(?:a|the)\s+psych(?:iatric)?\s*(?:ward|unit|hospital|er|facility)\b",
    # --- self-harm ----------------------------------------------------------------------------
    "self_harm": rf"\b{SELF}{ADV}\s+(?:have\s+been\s+|ve\s+been\s+|'ve\s+been\s+|been\s+|started\s+(?:to\s+)?|began\s+(?:to\s+)?|begun\s+|used\s+to\s+|would\s+|keep\s+|am\s+|'m\s+)?(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|hit|hitting|scratch|scratching)\s+(?:myself|my\s+(?:arms?|legs?|wrists?|skin|thighs?|head))\b|\b(?:i|i'm|i've|i was|my|me)\b{NOT_OTHER}{{0,40}}\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*)\b",
    "hurting_self_again": r"\b(?:started|start|stop|stopped|keep|been)\s+(?:hurting|cutting|harming|burning)\s+myself\b|\bhurt\s+myself\s+on\s+purpose\b|\b(?:hurt|harm|cut|burn)(?:ed)?\s+myself\s+(?:on|in)\s+my\s+(?:arms?|legs?|hands?|wrists?|thighs?|stomach)\b",
    "elided_self_harm": r"(?:^|[.!?;]\s*)(?:hurt|cut|burned|harmed)\s+myself\b|\b(?:started|start|been|am|i'm)\s+cutting\s+again\b|(?:^|[.!?]\s+)i\s+cut(?:\s+(?:myself|again|deeper))?\s*[.!]",
    "blade": r"\b(?:the|a|that|my)\s+(?:blade|razor|razor blade)\b[^.?!]{0,40}\b(?:in my hand|slic\w*|deeper|my skin|my arms?|my wrists?|my legs?|cut myself)",
    "scrape_arms": r"\b(?:scrap\w*|scratch\w*|carv\w*|punch\w*|slic\w*|dig\w*\s+my\s+nails\s+into|digging\s+my\s+nails\s+into)\s+(?:at\s+)?my\s+(?:arms?|wrists?|legs?|thighs?|skin|hands?|stomach)\b",
    "sh_abbrev": r"\b(?:form of|my|relaps\w*(?: into| on| with)?|urge to|urges to)\s+sh\b|\burges?\s+to\s+(?:cut|hurt myself|self[- ]?harm|burn myself)\b",
    "harm_on_purpose": r"\b(?:on purpose|deliberately|intentionally)\b[^.]{0,60}\b(?:pills|insulin|overdose|hurt|harm|bleed|cut|burn)\b|\b(?:pills|insulin|overdose|hurt|harm|bleed|cut|burn)\w*\b[^.]{0,60}\b(?:on purpose|deliberately|intentionally)\b|\bthe cuts\b|\buntil\s+(?:my\s+\w+|it|they)\s+bleeds?\b",
    # --- farewells ----------------------------------------------------------------------------
    "farewell": r"\b(?:this is|these are)\s+(?:my\s+)?(?:last|final)\s+(?:message|note|words|thing i'?ll write)\b|\b(?:my|a|wrote|write|writing|left|leave)\s+(?:{s}|goodbye)\s+(?:note|letter)s?\b|\bi'?ve\s+written\s+(?:my\s+)?(?:letters|a letter|goodbye)\b|\bgiven away my\b".replace(
        "{s}", SUICID
    ),
    "goodbye": r"\bgoodbye\s+to\s+(?:everyone|everybody|all|whoever|you all)\b|\b(?:last|final)\s+(?:thing|message|note)\s+i'?ll\s+(?:ever\s+)?(?:write|say|send)\b|\b(?:updated|wrote|made)\s+my\s+will\b|\bi\s+won'?t\s+(?:be back|need (?:them|it|those)|be needing)\b|\bbefore\s+i\s+go\b[^.]{0,40}\b(?:thank|sorry|love)|\b(?:thank|sorry|love)[^.]{0,40}\bbefore\s+i\s+go\b|\bsaid\s+my\s+goodbyes\b|\b(?:said|say|saying)\s+my\s+goodbyes\b",
    "sorry_letter": r"\bi'?m\s+(?:so\s+)?sorry\b.{0,80}\b(?:you deserve (?:better|someone better)|forgive me|i love you)\b|\b(?:finally\s+)?stop\s+hurting\s+you\b|\bby\s+the\s+time\s+you\s+read\s+this\b",
    "wont_be_around": rf"\b{SELF}{ADV}\s+(?:won'?t|will not|don'?t think i'?ll|may not|might not)\s+be\s+(?:around|here|alive)\s+(?:for\s+)?(?:much longer|long|anymore|next year|by then|for it|tomorrow|next week)\b",
    # --- drinking or pills to get through ---------------------------------------------------------
    "drinking_self": r"\b(?:i|i'm|i was|i've been|i had been|i have been|i started|i keep|i kept)\s+(?:\w+\s+){0,2}drinking\b(?!\s+(?:coffee|tea|water|soda|pop|juice|energy drinks|red ?bull|enough))|\bmy\s+drinking\b|\bwhen\s+i\s+drank\b|\bi\s+drank\s+(?:to|until|every|each|a bottle|myself)\b|\bi\s+(?:\w+\s+){0,2}drink\s+(?:until|till|to excess|alone|every (?:night|day|evening)|myself|to (?:cope|forget|numb|sleep|pass out))\b",
    "need_a_drink": r"\b(?:needed|need|needing)\s+(?:a|another|my)\s+drink\s+(?:when i (?:got|get) home|every (?:night|day|shift)|after every|each night|to (?:sleep|cope|function|get through|calm down|face))\b|\ba\s+drink\s+or\s+two\b|\b(?:bottle|glass(?:es)?)\s+of\s+(?:wine|vodka|whiskey|gin)\s+(?:every|a|each)\s+night\b",
    "drink_to_cope": r"\b(?:alcohol|wine|beer|vodka|whiskey|booze|drinks?|pills|xanax|ativan|klonopin|valium|benzos?|ambien|oxy\w*|opioids?|percocet|vicodin|norco|adderall|weed|pot|edibles|sleeping pills)\b[^.]{0,30}?\b(?:just\s+)?(?:to|so i can|so i could)\s+(?:cope|get through|function|sleep|numb|forget|make it through|survive|face|stop feeling|feel nothing|pass out|black out|keep going)\b|\b(?:drinking|alcohol)\s+(?:\w+\s+)?eased\s+my\b",
    "self_medicate": r"\bself[- ]?medicat\w*\b|\bnumb\s+(?:my|the)\s+(?:brain|pain|feelings|mind|thoughts)\b|\bblackouts?\b|\b(?:living|live|lived|running|ran|surviving|survived|existing)\s+(?:off|on)\s+(?:caffeine pills|pills|adderall|xanax|benzos|alcohol|wine|vodka|booze|energy drinks and pills)\b|\b(?:smoking pot|to get high|getting high|stay high)\b|\bsleeping\s+ritual\b|\b\d+\s?mg\s+(?:of\s+)?(?:benadryl|gravol|ambien|xanax|ativan|trazodone|zopiclone|seroquel)\b|\btook\s+(?:a few|some|extra|more|a handful of)\s+(?:pills|xanax|ambien|benzos|of my \w+)\b",
    # Drinking or pills to get through, in the words the fresh rounds used: intake that rose, a
    # struggle with the bottle, drinking more to cope, abusing pills, wine in a coffee mug at work.
    "substance_habit": r"\bmy\s+(?:alcohol|drinking|wine|booze)\s+(?:intake|consumption|use)\b[^.]{0,30}\b(?:increas\w*|went up|doubled|tripled|spiral\w*|escalat\w*|grew|got worse)\b|\bmy\s+(?:own\s+)?(?:\w+\s+)?(?:struggles?|battles?|love affair|problems?|issues?)\s+with\s+(?:alcohol|booze|wine|vodka|whiske?y|gin|beer|the bottle|drinking|pills|pain (?:medication|pills)|painkillers|sleeping pills|opioids|fentanyl|narcotics|benzos|xanax|prescription (?:pills|medications?|drugs)|drugs|cocaine|meth)\b|\bi\s+(?:struggled|battled|wrestled)\s+with\s+(?:alcohol|booze|wine|vodka|whiske?y|gin|beer|the bottle|drinking|pills|pain (?:medication|pills)|painkillers|sleeping pills|opioids|fentanyl|narcotics|benzos|xanax|prescription (?:pills|medications?|drugs)|drugs|cocaine|meth)\b|\b(?:drank|drinking|drink)\s+(?:more|even more|heavily|harder)\s+to\s+(?:cope|forget|numb|sleep|escape|get through)\b|\bdrink\s+away\s+(?:the|my)\s+(?:memories|pain|feelings|thoughts|sadness|grief|nightmares)\b|\b(?:i|i was|i started|i began|started|began)\s+(?:\w+\s+)?(?:abus|misus)(?:ed|ing)\s+(?:\w+\s+)?(?:alcohol|booze|wine|vodka|whiske?y|gin|beer|the bottle|drinking|pills|pain (?:medication|pills)|painkillers|sleeping pills|opioids|fentanyl|narcotics|benzos|xanax|prescription (?:pills|medications?|drugs)|drugs|cocaine|meth)\b|\b(?:stoned|high|drunk|drinking|pills|wasted)\b[^.]{0,40}\bso\s+(?:that\s+)?i\s+(?:wouldn\'?t|would not|didn\'?t|did not|don\'?t|do not)\s+have\s+to\s+feel\b|\b(?:wine|vodka|alcohol|booze|whiske?y|gin|beer)\b[^.]{0,25}\b(?:in|into)\s+my\s+(?:coffee mug|coffee cup|water bottle|travel mug|thermos)\b|\b(?:bottle of wine|a drink|drinking|the bottle)\b[^.]{0,40}\b(?:required|necessary|a necessity)\b[^.]{0,20}\b(?:every|most|each)\s+(?:evening|night|day)s?\b|\b(?:glass|bottle)\s+of\s+(?:\w+\s+)?(?:whiske?y|wine|vodka|gin|bourbon|scotch|rum)\s+in\s+my\s+hand\b|\b(?:divert\w*|inject\w*|steal\w*|stole)\b[^.]{0,30}\bcontrolled\s+substances\b|\bresort(?:ed|ing)?\s+to\s+(?:drinking|alcohol|pills|drugs|the bottle|booze)\b|\b(?:pills?|drinks?|alcohol|wine|booze)\b[^.]{0,30}\bto\s+get\s+me\s+through\b|\b(?:drink|drinks|drinking|alcohol|wine|pills)\s+to\s+(?:fall asleep|get to sleep|knock myself out|calm my nerves)\b",
}

# Signs of despair that are weak alone and venting often uses one of ("I feel empty after nights");
# two different ones in the writer's own sentences flag the text ("distress_cluster"). Left out on
# purpose because venting pairs them constantly: overwhelmed, alone, stuck, exhausted, burnt out.
DISTRESS_CUES: dict[str, str] = {
    "despair": r"\bdespair\w*",
    "black": r"\bblackness\b|\bit was black\b|\bblack hole\b|\bpitch black\b",
    "dark": r"\bdark(?:er|ness|est)?\b",
    "hell": r"\b(?:my|living|own|personal) (?:own )?['\"]?hell\b",
    "empty": r"\bempt(?:y|iness)\b",
    "numb": r"\bnumb(?:ness)?\b",
    "hopeless": r"\bhopeless\w*|\bno hope\b",
    "worthless": r"\bworthless\b|\buseless\b|\ba failure\b|\bfailure as\b",
    "dead_inside": r"\bwalking dead\b|\bdead inside\b|\bdying inside\b",
    "cant": r"\bcan'?t (?:go on|keep (?:going|doing)|take (?:it|this|any)|do this|cope|handle)\b|\bnot sure how to keep\b",
    "tired_of": r"\btired of (?:it all|everything|life|fighting|this|living|being)\b",
    "burden": r"\bburden\b",
    "nothing": r"\bnothing (?:i could do|left(?! to give)|matters|helps|works)\b",
    "pain": r"\b(?:unbearable|excruciating|overwhelming) pain\b|\bpain (?:that )?(?:won'?t|doesn'?t) (?:stop|end)\b",
    "cry": r"\bcry(?:ing)? myself to sleep\b|\bsob\w*\b",
    "how_long": r"\bhow (?:much )?long(?:er)? i (?:have|can)\b",
    "trapped": r"\btrapped\b|\bno way out\b",
    "give_up": r"\bg(?:ive|ave|iving) up\b",
    "broken": r"\bbroken\b|\bshattered\b|\bbroke me\b",
    "point": r"\bwhat'?s the point\b|\bno point\b|\bpointless\b",
    "ashamed": r"\bashamed\b|\bshame\b",
    "future": r"\bfuture\b",
    "self_hate": r"\bhate myself\b|\bhated me\b|\bself[- ]?loath\w*",
}
_DISTRESS = [re.compile(p) for p in DISTRESS_CUES.values()]

# Idioms and hyperbole that use crisis words about something else; removed before matching.
IDIOMS = [
    r"\b(?:is|are|was|were|'s|been|be)\s+(?:literally\s+|slowly\s+|actually\s+|really\s+|honestly\s+)?killing\s+(?:me|us)\b",
    r"\bkill\s+(?:for|someone|somebody)\b|\b(?:murder|kill)\s+(?:a|for a|an)\s+(?:coffee|drink|nap|beer|burger|pizza|latte|tea)\b",
    r"\b(?:dying|die)\s+(?:for|to)\s+(?:a|an|the|get|go|see|try|know|hear|sit|have|eat)\b",
    r"\bdie\s+on\s+this\s+hill\b|\bdied\s+laughing\b|\bdie\s+of\s+(?:embarrassment|shame|boredom)\b|\bdying\s+(?:of\s+)?laughing\b",
    r"\bdead\s+(?:on\s+my\s+feet|tired|serious|set|wrong|last|end)\b|\bcareer\s+suicide\b|\bsocial\s+suicide\b",
    r"\bkill\s+me\s+now\b|\b(?:honestly\s+)?kill\s+me,",
    r"\b(?:work|working|worked)\s+(?:myself|ourselves)\s+to\s+death\b|\bbored\s+to\s+death\b|\bscared\s+to\s+death\b",
    r"\bdeath\s+by\s+a\s+thousand\s+cuts\b",
    # Hyperbole about the job: "I'd rather shoot myself than chart in that system".
    r"\b(?:i'?d|i would)\s+(?:rather|sooner)\s+(?:\w+\s+){0,3}?(?:die|kill myself|shoot myself|jump off (?:a|the) bridge|be dead)\s+than\b(?!\s+(?:have to\s+)?(?:suffer|live|go on|keep living|keep going|be alive|wake up|face another|feel (?:this|like this)|exist|continue))",
    r"\b(?:kill myself|shoot myself|jump off (?:a|the) bridge)\s+(?:before|than|if (?:i|they) (?:have|get|float|make))\b",
]

# "It was nothing like wanting to die" negates; a clause that opens with "Nothing like feeling
# suicidal at a job ..." is the sarcastic "there is nothing like", so it needs a word before it.
NEGATIONS = re.compile(
    r"\b(?:not|never|no|n't|nt|don't|dont|wouldn't|won't|isn't|am not|i'm not|im not|no longer|(?<=[a-z'] )nothing like|wasn't|hadn't|accidentally|accidently|accidental)\s+"
    r"(?:\w+\s+){0,3}$"
    r"|\b(?:don't|dont|do not|never|no)\s+(?:have|had|get)?\s*(?:any\s+)?(?:thoughts|urges|history|plans?)\s+(?:of|to|about)\s+$"
)
QUOTED_SPEECH = re.compile(
    r"\b(?:he|she|they|patient|pt|mom|dad|mother|father|wife|husband|son|daughter|family|someone|colleague)"
    r"\s+(?:said|says|told me|tells me|yelled|screamed|stated|keeps saying|kept saying|wrote)[,:]?\s*"
    r"[\"'][^\"']*[\"']"
)
# A double-quoted passage is someone else's words when a third person is named just before or after it.
DOUBLE_QUOTED = re.compile(r'"[^"]{2,600}"')
ATTRIBUTION = re.compile(
    r"\b(?:he|she|they|his|her|patient|pt|wife|husband|mother|father|mom|dad|son|daughter|man|woman|someone|colleague|friend|family|caller|voice|line|words)\b"
)
# Only these phrases are cancelled by a negation just before them ("I'm not suicidal", "I'd never
# hurt myself"). The others carry their own negation ("I don't want to live") or mean the same
# whatever precedes them, so a nearby "not" must not silence them.
NEGATABLE = {
    "drink_until",
    "all_want_is_die",
    "feeling_suicidal",
    "substance_habit",
    "let_me_die",
    "commit_suicide_self",
    "lex_hit_self",
    "lex_cutting_body",
    "lex_suicide",
    "lex_attempt",
    "lex_pills",
    "si_abbrev",
    "wish_harm",
    "wish_sick_die",
    "thoughts_of",
    "jealous_dead",
    "kill_self",
    "end_life",
    "suicidal_self",
    "suicidal_thoughts",
    "thinking_of_suicide",
    "want_die",
    "ending_it",
    "self_harm",
    "hurting_self_again",
    "overdose_self",
    "overdose_could",
    "have_plan",
    "end_it_all",
    "elided_self_harm",
    "want_end_it",
    "drinking_self",
    "hopeless_self",
    "trapped_self",
    "jump",
    "attempt_self",
    "self_hatred",
    "blade",
    "lex_dark_place",
    "lex_no_hope",
    "lex_die",
    "lex_hospitalised",
}
# These phrases are about the writer only when a first-person word is in the same window.
NEEDS_SELF = {
    "not_want_this_life",
    "attempt_on_life",
    "pills_to_see",
    "drink_until",
    "try_not_to_cut",
    "still_alive_dread",
    "death_as_relief",
    "feeling_suicidal",
    "substance_habit",
    "cant_stand_living",
    "wont_live_past",
    "life_lost_meaning",
    "when_i_end_it",
    "never_waking",
    "future_bleak",
    "enough_means",
    "si_abbrev",
    "garage_bridge",
    "wish_sick_die",
    "thoughts_of",
    "make_it_stop",
    "jealous_dead",
    "how_easy",
    "looked_up_means",
    "rope_gun_home",
    "relief_sleep",
    "stop_fighting",
    "stopped_wanting",
    "thinking_of_suicide",
    "suicidal_thoughts",
    "drive_into",
    "means",
    "pills_in_hand",
    "blade",
    "self_medicate",
    "drink_to_cope",
    "need_a_drink",
    "only_escape",
    "pain_to_end",
    "no_future",
    "went_through_with_it",
    "end_it_all",
    "want_end_it",
    "harm_on_purpose",
    "sh_abbrev",
    "life_insurance",
    "dark_thoughts",
    "give_up_life",
    "end_of_rope",
    "praying_death",
    "stop_existing",
    "worth_living",
    "no_reason_live",
    "scrape_arms",
    "farewell",
}

# Cheap prefilter: a pattern can only match when one of these substrings is in the cleaned text.
# Most texts contain few of them, so most patterns are skipped without running the regex.
HINTS: dict[str, tuple[str, ...]] = {
    "kill_self": ("myself", "kms"),
    "end_life": ("my life", "my own life"),
    "suicidal_self": ("cid", "cd", "cied", "ceid"),
    "not_want_this_life": ("life", "live", "exist", "alive", "living"),
    "all_want_is_die": ("die",),
    "attempt_on_life": ("attempt", "again", "razor", "blade", "other side"),
    "pills_to_see": ("too many", "took"),
    "drink_until": ("until", "intoxicated", "impaired", "drunk"),
    "try_not_to_cut": ("not to",),
    "feeling_suicidal": ("cid", "cd", "cied", "ceid"),
    "still_alive_dread": ("alive", "stomach"),
    "death_as_relief": ("death", "eternal", "endless", "permanent"),
    "suicidal_thoughts": ("cid", "cd", "cied", "ceid", "thoughts of"),
    "thinking_of_suicide": (
        "cid",
        "cd",
        "cied",
        "ceid",
        "killing myself",
        "ending",
        "taking my",
        "overdos",
        "dying",
        "my death",
        "not being",
        "not waking",
        "not existing",
        "jumping",
        "funeral",
    ),
    "attempt_self": ("attempt", "tried to"),
    "commit_suicide_self": ("commit",),
    "overdose_self": ("overdos", " od"),
    "went_through_with_it": ("through with it", " do it"),
    "nearly_died": ("nearly", "almost", "going to die"),
    "want_die": ("die", "dead", "alive", "here", "exist", "wake"),
    "deserve_die": ("deserve",),
    "rather_dead": ("rather",),
    "take_me_away": ("take me",),
    "held_back": ("myself",),
    "neck_ligature": ("neck",),
    "height_enough": ("kill me",),
    "funeral_plan": ("funeral", "eulogy"),
    "wish_sick_die": ("wish", "hop", "pray", "easier", "better", "simpler"),
    "not_want_here": ("want", "wish"),
    "wish_dead": ("wish",),
    "not_wake": ("wish", "hop", "pray"),
    "praying_death": ("pray",),
    "not_want_live": ("want", "wish", "care", "need"),
    "wanting_not_here": ("want", "wish"),
    "not_waking": ("mind",),
    "dont_care_if_die": ("car",),
    "if_i_died": ("if i",),
    "will_to_live": ("will to live",),
    "why_alive": ("why am i", "why do i", "why should i"),
    "still_alive_dismay": ("alive", "still"),
    "only_escape": ("only", "last", "best", "escape", "kill me"),
    "no_other_option": ("no other", "there's no", "there is no", "there was no", "there were no", "way out"),
    "better_off": ("better", "easier", "happier"),
    "fine_if_gone": ("if i",),
    "giving_away": ("away",),
    "better_off_dead": ("better off dead",),
    "burden": ("burden",),
    "life_insurance": ("insurance",),
    "not_missed": ("miss", "notice", "care"),
    "not_worth": ("not worth",),
    "no_reason_live": ("reason", "point", "purpose", "live for"),
    "point_of_me": ("point", "hope", "live for"),
    "no_future": ("future",),
    "keep_going_how": ("how",),
    "thoughts_of": ("thoughts of",),
    "ending_things": ("end",),
    "make_it_stop": ("stop",),
    "jealous_dead": ("jealous", "envious", "envy"),
    "how_easy": ("how easy",),
    "without_me": ("without me", "better off with"),
    "wouldnt_swerve": ("wouldn't", "happen"),
    "looked_up_means": ("looked up", " home", "dose", "how much", "how many", "waste", "leftover"),
    "rope_gun_home": ("rope", "gun", "pistol", "rifle"),
    "garage_bridge": ("garage", "keep", "kept", "stop", "always"),
    "stopped_wanting": ("stopped wanting", "picture", "imagine", "see", "i'll", "make me want", "no version"),
    "disambiguated": ("i don't mean", "the job", "waiting for"),
    "relief_sleep": ("relief", "sleep"),
    "stop_fighting": ("stop fighting", "the night", "the day"),
    "scared_of_self": ("of myself", "trust myself", "safe", "danger to myself"),
    "last_shift_note": ("my last", "reading this", "note", "letter", "goodbye", "gave"),
    "ending_it": ("think", "thought", "dream"),
    "future_bleak": ("future",),
    "give_up_ready": ("give up", "way out"),
    "say_goodbye": ("goodbye",),
    "enough_means": ("enough", "research", "only way"),
    "si_abbrev": (" si", "slide"),
    "woke_disappointed": ("wake", "woke", "waking", "better off gone"),
    "end_it_all": ("end it all", "ending it all", "make it all stop"),
    "want_end_it": ("end it",),
    "want_over": ("to be over", "to end", "to stop", "my life"),
    "pain_to_end": ("pain to",),
    "worth_living": ("worth", "tired of", "wake up", "sleep forever"),
    "stop_existing": ("existing", "funeral", "too tired to", "living like this", "disappear"),
    "cant_go_on": ("can't", "cannot", "couldn't", "can not", "give up", "want"),
    "end_of_rope": ("end of my", "my limit"),
    "how_much_longer": ("longer",),
    "give_up_life": ("up on", "give up", "fighting", "left"),
    "hopeless_self": ("hopeless",),
    "trapped_self": ("trap",),
    "no_way_out": ("way out", "sorry for what", "do it", "all my", "all the", "all of my"),
    "self_hatred": ("myself", "loath", "hatred"),
    "dark_thoughts": ("thoughts",),
    "have_plan": ("a plan",),
    "means": (
        "saving",
        "saved",
        "stockpil",
        "hoard",
        "collect",
        "a date",
        "the spot",
        "picked",
        "handful",
        "fistful",
        "bottle of",
        "packet of",
        "box of",
    ),
    "pills_in_hand": (
        "bottle",
        "handful",
        "stash",
        "box of",
        "pile of",
        " all",
        "lethal",
        "how many",
        "how much",
    ),
    "drive_into": ("driv", "drove", "drift", "swerv", "steer", "veer", "wheel", "let go"),
    "jump": ("jump", "step", "throw"),
    "dnr_self": ("resuscitat", "dnr", "save me"),
    "means_differently": ("differently",),
    "means_access": ("i'd", "how to do it", "gun", "rope", "stop myself", "need"),
    "wish_harm": ("wish", "hop", "pray", "fantas", "daydream"),
    "overdose_could": ("overdose", " od", "jump", "crash"),
    "lex_suicide": ("cid", "cd", "cied", "ceid", "overdos", "od"),
    "lex_attempt": ("attempt",),
    "lex_pills": (
        "pills",
        "tablets",
        "meds",
        "medication",
        "paracetamol",
        "tylenol",
        "xanax",
        "benzos",
        "capsules",
    ),
    "lex_own_hands": ("own hand", "my own death", "my own funeral", "my own overdose"),
    "lex_wrist_vein": ("wrist", "vein", "arm", "thigh"),
    "lex_no_hope": ("hope",),
    "lex_gave_up": ("give up", "gave up", "giving up", "given up"),
    "lex_saw_no": (" no ", "way back", "way out", "way forward"),
    "lex_cant_handle": ("more",),
    "lex_another_day": ("another day", "last day"),
    "lex_live_for": ("live for",),
    "lex_mind_stop": ("myself to", "tell"),
    "lex_drinking_problem": ("drinking", "pills", "using"),
    "lex_plan_words": ("going to do", "stop me", "accident"),
    "lex_dark_place": ("dark place", "hated me"),
    "lex_die": ("die", "dead", "death", "dying"),
    "lex_life_over": ("my life",),
    "lex_sleep_forever": ("slumber", "sleep", "rest", "wake up"),
    "lex_garage": ("garage",),
    "lex_survivor": ("survivor", "survived"),
    "lex_reliance": ("relian", "relying", "relied", "dependen", "hooked", "to feel"),
    "lex_hospitalised": ("admitted", "hospitali", "sectioned", "committed", "hold", "5150", "baker", " in "),
    "lex_no_strength": ("to go on", "to keep", "to continue", "to live", "to fight", "to stay alive"),
    "lex_only_way": ("only way",),
    "lex_just_jump": ("just jump", "just step", "just let go"),
    "lex_addiction": ("addict", "alcoholic", "using more", "normal"),
    "hurting_self_again": ("myself",),
    "elided_self_harm": ("myself", "cutting again", "i cut"),
    "blade": ("blade", "razor"),
    "scrape_arms": ("scrap", "scratch", "carv", "punch", "slic", "nails"),
    "sh_abbrev": (" sh", "urge"),
    "harm_on_purpose": ("purpose", "deliberately", "intentionally", "the cuts", "bleed"),
    "farewell": ("last", "final", "note", "letter", "given away"),
    "goodbye": ("goodbye", "last", "final", "will", "won't", "before i go"),
    "sorry_letter": ("sorry", "hurting you", "read this"),
    "wont_be_around": ("be around", "be here", "be alive"),
    "drinking_self": ("drink", "drank"),
    "need_a_drink": ("drink", "glass", "bottle"),
    "drink_to_cope": (
        "drink",
        "drank",
        "booze",
        "wine",
        "alcohol",
        "pill",
        "xanax",
        "benzo",
        "ambien",
        "weed",
        "pot",
        "vodka",
        "beer",
        "whiskey",
        "ativan",
        "klonopin",
        "valium",
        "oxy",
        "opioid",
        "percocet",
        "vicodin",
        "norco",
        "adderall",
        "edible",
    ),
    "substance_habit": (
        "intake",
        "consumption",
        "struggle",
        "battle",
        "love affair",
        "problem",
        "issue",
        "wrestled",
        "more to",
        "heavily to",
        "harder to",
        "drink away",
        "abus",
        "misus",
        "have to feel",
        "my coffee",
        "my water bottle",
        "my travel mug",
        "my thermos",
        "required",
        "necess",
        "in my hand",
        "controlled substances",
        "resort",
        "get me through",
        "fall asleep",
        "get to sleep",
        "knock myself out",
        "calm my nerves",
    ),
    "self_medicate": (
        "medicat",
        "numb",
        "blackout",
        "liv",
        "run",
        "ran",
        "surviv",
        "exist",
        "pot",
        "high",
        "ritual",
        "mg",
        "took",
    ),
}

# Phrases that are also everyday venting about the job; cancelled when the job is their object
# ("I don't know how much longer I can do this job", "I don't see a future in this department").
AMBIGUOUS = {
    "no_one_needs_me",
    "cant_stand_living",
    "keep_going_how",
    "lex_no_hope",
    "lex_gave_up",
    "lex_saw_no",
    "lex_cant_handle",
    "give_up_ready",
    "say_goodbye",
    "not_want_here",
    "point_of_me",
    "no_other_option",
    "how_much_longer",
    "end_of_rope",
    "cant_go_on",
    "no_future",
    "trapped_self",
    "hopeless_self",
    "give_up_life",
    "stopped_wanting",
    "not_missed",
    "self_hatred",
}
WORK_TARGET = re.compile(
    r"^[^.!?]{0,40}?\b(?:job|jobs|unit|department|dept|hospital|career|profession|field|position|role|shift|shifts|schedule|management|manager|nursing|medicine|residency|program|floor|clinic|employer|organi[sz]ation|this place|work|working here|staffing|if nothing changes|contract|overtime|mandatory|call schedule|rotation|charting|epic|ehr)\b"
    r"|^[^!?]{0,20}[.]\s*(?:something|either|i'?m (?:gone|leaving|quitting|done with (?:this|the))|i'?ve started looking)[^.!?]{0,60}\b(?:job|give|changes|positions?|leave|leaving|quit)\b"
)
WORK_LOOKAHEAD = 120
LEXICON = {name for name in CRISIS_PATTERNS if name.startswith("lex_")} - {"lex_plan_words", "lex_garage"}
# Risk words that can also name an event or a topic ("another suicide", "suicide prevention").
EVENT_WORDS = {"lex_suicide", "lex_die"}
TOPIC_BEFORE = re.compile(
    r"\b(?:prevention|awareness|training|module|lecture|talk|course|book|article|study|studies|research|paper|screening|"
    r"assess\w*|questions?|policy|protocol|statistics|data|rates?|risk|epidemic|crisis|month|hotline|lifeline|"
    r"resources?|survivors?|loss|stigma|numbers|cases|deaths|physicians?|doctors?|nurses?|colleagues?|patients?|"
    r"friends?|people|about how|recurrence|prevalence|issue|problem|topic|subject|rise|increase|wave)\b[^.!?]{0,25}$"
    r"|\b(?:committed|commit|commits|committing|died by|died of|death by|deaths by|dies by|completed|another|this|that|his|her|their|a)\s+$"
    r"|\blost\b[^.!?]{0,60}\bto\s+$"
    r"|\w's\s+$|s'\s+$|(?<!feel\s)(?<!felt\s)(?<!feels\s)\blike\s+$"
)
_CLAUSE_BREAK = re.compile(r"[,;:]\s*|\s(?:but|and|who|which|that|because|so)\s")
IDEATION_WORDS = {
    "lex_suicide",
    "lex_attempt",
    "suicidal_self",
    "suicidal_thoughts",
    "thinking_of_suicide",
    "attempt_self",
    "thoughts_of",
    "overdose_self",
}
LICENSING = re.compile(
    r"\b(?:licen[sc]\w*|board|credential\w*|application|questionnaire|disclos\w*|paperwork|forms?)\b"
)
DISCLOSURE_QUESTION = re.compile(
    r"\b(?:ever|whether|if i (?:have|had|ever|admit)|have you|asks?|asked|asking|question)\b"
)
# "Sam's suicide", "his overdose": a death that belongs to someone else.
POSSESSIVE_DEATH = re.compile(
    rf"\w(?:'s|s')\s+(?:own\s+)?(?:{SUICID}|death|overdose|attempt)\b|\b(?:his|her|their|our)\s+(?:own\s+)?(?:{SUICID}|death|overdose|attempt)\b"
)
_OTHER_WORD = re.compile(rf"\b{OTHER}\b")
_FIRST_PERSON_WORDS = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"}
_PERSON_WORD = re.compile(rf"\b(?:{OTHER}|i|i'm|i've|i'd|i'll|me|my|myself|mine)\b")
_COMPILED = {name: re.compile(p) for name, p in CRISIS_PATTERNS.items()}
# Patterns with a first-person anchor, a free gap, then the phrase.
GAP_CHECKED = {
    name for name, p in CRISIS_PATTERNS.items() if "[^.?!]{0,2" in p or "[^.?!]{0,3" in p or "[^.?!]{0,4" in p
} - {"drive_into"}
_REPORTING_VERBS = ("said", "says", "told", "tells", "yelled", "screamed", "stated", "saying", "wrote")
_IDIOMS = re.compile("|".join(f"(?:{p})" for p in IDIOMS))
_CONTRACTIONS = re.compile(
    r"\b(dont|cant|wont|didnt|doesnt|isnt|wasnt|wouldnt|couldnt|shouldnt|havent|hadnt|arent|werent|aint)\b"
)
_CHAT = [
    (re.compile(r"\bim\b"), "i'm"),
    (re.compile(r"\bive\b"), "i've"),
    (re.compile(r"\bwanna\b"), "want to"),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\bu\b"), "you"),
    # "my self" typed apart, but not "my self-harm" or "my self-esteem".
    (
        re.compile(r"\bmy self\b(?![- ]?(?:harm|care|esteem|worth|injur|loath|hat|medicat|doubt|confiden))"),
        "myself",
    ),
    (re.compile(r"\bcan not\b"), "cannot"),
    (re.compile(r"\bi\s+m\b"), "i'm"),
]
_ELLIPSIS = re.compile(r"\s*(?:\.{3,}|…+)\s*(?=[a-z])")
_REPEATED = re.compile(r"([a-z])\1{2,}")  # "soooo" -> "soo"
_SENTENCE_END = re.compile(r'(?<=[.!?…])["\')\]]*\s+|\n+|;\s+|\s+/\s+|\s+[–—]\s+')


@functools.lru_cache(maxsize=64)
def normalise(text: str) -> str:
    text = (text or "").lower()
    text = text.translate(
        str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "´": "'", "`": "'"})
    )
    text = _CONTRACTIONS.sub(lambda m: m.group(1)[:-1] + "'t", text)
    for pattern, replacement in _CHAT:
        text = pattern.sub(replacement, text)
    text = _REPEATED.sub(r"\1\1", text)
    # An ellipsis joins two halves of one thought ("I was the closest... to jumping off the rail").
    text = _ELLIPSIS.sub(", ", text)
    # Whitespace is collapsed within lines; line breaks are kept because they end sentences.
    return re.sub(r"[ \t\r\f\v]+", " ", text)


def _strip_quotes(text: str) -> str:
    def replace(match: re.Match) -> str:
        before = text[max(0, match.start() - 100) : match.start()]
        after = text[match.end() : match.end() + 40]
        return " " if ATTRIBUTION.search(before) or ATTRIBUTION.search(after) else match.group(0)

    return DOUBLE_QUOTED.sub(replace, text) if '"' in text else text


def strip_non_self(text: str) -> str:
    """Remove quoted speech by others and idioms, which use crisis words about something else."""
    if any(verb in text for verb in _REPORTING_VERBS):
        text = QUOTED_SPEECH.sub(" ", text)
    text = _strip_quotes(text)
    return _IDIOMS.sub(" ", text)


@functools.lru_cache(maxsize=64)
def own_text(text: str) -> str:
    """``text`` normalised, without quoted speech by others and idioms: what the rules and the
    screen's model read (cached: the request path reads one text several times)."""
    return strip_non_self(normalise(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty sentence in ``text``."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]


def _negated(text: str, start: int) -> bool:
    """True when a negation sits within a few words before ``start`` in the same clause."""
    clause = re.split(r"[.!?;,\n]|\bbut\b", text[max(0, start - 80) : start])[-1]
    return bool(NEGATIONS.search(clause + " ")) if clause.strip() else False


def _last_word_start(match: re.Match) -> int:
    """Where the phrase's last word starts, so "I was not suicidal" reads as negated; a phrase that
    ends in its own "not ..." ("thinking about not being here") is read from its start only."""
    body = match.group(0).rstrip()
    if re.search(
        r"\bnot\s+(?:to\s+)?(?:being|waking|existing|exist|wake|be|here|alive)\b(?:\s+\w+){0,2}$"
        r"|\bnot\s+wanting\s+to\s+die$",
        body,
    ):
        return match.start()
    return match.start() + len(body) - len(body.split()[-1])


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return left, min(rights) if rights else len(text)


# "I am a nurse, and became addicted to narcotics": the nurse is the writer.
_SELF_APPOSITION = re.compile(r"\b(?:i am|i'm|i was|i've been|i have been)\s+(?:a|an)\s+(?:\w+\s+){0,2}$")


def _is_writer(text: str, person: re.Match) -> bool:
    """The person word names the writer: a first-person word, or the writer's own job ("I'm a nurse")."""
    if person.group(0) in _FIRST_PERSON_WORDS:
        return True
    return bool(_SELF_APPOSITION.search(text, max(0, person.start() - 40), person.start()))


def _about_self(text: str, start: int, end: int) -> bool:
    """The writer is the subject: a first-person word in the match's sentence, or a sentence that
    names nobody else next to one with a first-person word ("The cuts are getting deeper. I'm...")."""
    left, right = _sentence_bounds(text, start, end)
    if FIRST_PERSON.search(text, left, right):
        # The person named last before the phrase is its subject: "I had a patient who drank a
        # bottle of vodka every night" is about the patient.
        before = list(_PERSON_WORD.finditer(text, left, start))
        return not before or _is_writer(text, before[-1]) or bool(FIRST_PERSON.search(text, start, right))
    if _OTHER_WORD.search(text, left, right):
        return False
    before = _sentence_bounds(text, max(0, left - 2), max(0, left - 2))[0] if left > 1 else left
    after = _sentence_bounds(text, right + 1, right + 1)[1] if right < len(text) else right
    return bool(FIRST_PERSON.search(text, before, after))


def _writer_is_subject(text: str, start: int, end: int) -> bool:
    """Stricter than _about_self for the broad risk words: the words name the writer ("my wrist"),
    or the nearest person named before them in the clause is the writer, or the sentence names
    nobody and sits next to one that has a first-person word."""
    if FIRST_PERSON.search(text, start, end):
        return True
    left, right = _sentence_bounds(text, start, end)
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, left, start)), default=left)
    if _PERSON_WORD.search(text, clause_start, start):
        left = clause_start
    before = list(_PERSON_WORD.finditer(text, left, start))
    if before:
        return _is_writer(text, before[-1])
    clause_end = min((m.start() for m in _CLAUSE_BREAK.finditer(text, end, right)), default=right)
    after = [m.group(0) for m in _PERSON_WORD.finditer(text, end, clause_end)]
    if after:
        # Only the writer may be named, after the words ("a forever slumber in my car").
        return all(word in _FIRST_PERSON_WORDS for word in after)
    return _about_self(text, start, end)


def _topic_before(text: str, start: int) -> bool:
    """The risk word names an event or a topic, not the writer's act: "suicide prevention" is caught
    by TOPIC; this reads what comes before ("a module on suicide", "committed suicide", "lost two
    friends to suicide", "another suicide")."""
    return bool(TOPIC_BEFORE.search(text[max(0, start - 80) : start]))


def _names_other(match: re.Match) -> bool:
    """The matched words name someone else between the writer and the phrase."""
    return bool(_OTHER_WORD.search(match.group(0)))


def _about_work(text: str, end: int) -> bool:
    """An ambiguous phrase aimed at the job ("the end of my rope with this unit")."""
    return bool(WORK_TARGET.search(text[end : end + WORK_LOOKAHEAD]))


def _licensing_question(text: str, start: int, end: int) -> bool:
    """Ideation words inside a question about disclosure ("the board asks whether I have ever had
    suicidal thoughts"): stigma and licensing talk, not a disclosure."""
    left, right = _sentence_bounds(text, start, end)
    sentence = text[left:right]
    return bool(LICENSING.search(sentence) and DISCLOSURE_QUESTION.search(sentence))


def _accepted(text: str, name: str, match: re.Match) -> bool:
    if name in IDEATION_WORDS and (
        POSSESSIVE_DEATH.search(match.group(0)) or _licensing_question(text, match.start(), match.end())
    ):
        return False
    if name in NEGATABLE and (_negated(text, match.start()) or _negated(text, _last_word_start(match))):
        return False
    if name in GAP_CHECKED and _names_other(match):
        return False
    if name in NEEDS_SELF and not _about_self(text, match.start(), match.end()):
        return False
    if name in LEXICON and (
        not _writer_is_subject(text, match.start(), match.end())
        or (name in EVENT_WORDS and _topic_before(text, match.start()))
    ):
        return False
    return not (name in AMBIGUOUS and _about_work(text, match.end()))


def _fires(text: str, name: str) -> bool:
    pattern, position = _COMPILED[name], 0
    while (match := pattern.search(text, position)) is not None:
        if _accepted(text, name, match):
            return True
        position = match.start() + 1
    return False


def _distress_cluster(text: str) -> bool:
    """Two or more different signs of despair in one sentence (or two neighbouring sentences) that
    speak in the first person: "My days get darker ... my evenings have turned to be my hell"."""
    if sum(1 for cue in _DISTRESS if cue.search(text)) < 2:  # the usual case, in one pass per cue
        return False
    spans = sentence_spans(text)
    for a, b in spans + [(x[0], y[1]) for x, y in zip(spans, spans[1:], strict=False)]:
        window = text[a:b]
        if FIRST_PERSON.search(window) and sum(1 for cue in _DISTRESS if cue.search(window)) >= 2:
            return True
    return False


def rule_matches(text: str) -> list[str]:
    """Names of the crisis patterns that fire on ``text`` (empty when none do).

    Each pattern runs once over the whole text; its checks read the sentence around each match
    (and the sentences on either side), so one sentence at risk in a long post flags the text.
    """
    cleaned = own_text(text or "")
    fired = [
        name
        for name in _COMPILED
        if any(hint in cleaned for hint in HINTS.get(name, ("",))) and _fires(cleaned, name)
    ]
    if not fired and _distress_cluster(cleaned):
        fired.append("distress_cluster")
    return fired
