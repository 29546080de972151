"""How far ahead people may plan: one limit for every date a form takes for the months to come.

Meetings, gatherings, survey waves and a deputy's first day are planned for the months ahead. A
date years away is a year typed wrong (2062 for 2026), and a page that shows "Tuesday 1 January"
or "covers your inbox from 10 Dec" without the year would read it as this year (a new-user walk).
One constant, so that every form refuses at the same distance and says the same number.
"""

MAX_DAYS_AHEAD = 366
