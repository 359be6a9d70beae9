"""What a line of a published page is."""

BLANK, CHROME, CODE, PROSE = "blank", "chrome", "code", "prose"
