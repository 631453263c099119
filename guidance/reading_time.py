"""How long a learning brief takes to read, and the seven-minute limit.

200 words a minute is a careful pace for professional material a team reads together and
discusses; faster readers finish early, which is the right way round for a limit.
"""

import math
import re
from dataclasses import dataclass

WORDS_PER_MINUTE = 200
LIMIT_MINUTES = 7
LIMIT_SECONDS = LIMIT_MINUTES * 60
LIMIT_WORDS = LIMIT_MINUTES * WORDS_PER_MINUTE

WORD = re.compile(r"[\w’'-]+")


def count_words(*texts):
    return sum(len(WORD.findall(text or "")) for text in texts)


def format_duration(seconds):
    """'3 minutes 20 seconds', '1 minute', '45 seconds'."""
    minutes, seconds = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if seconds or not minutes:
        parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class ReadingTime:
    words: int

    @property
    def seconds(self):
        return math.ceil(self.words * 60 / WORDS_PER_MINUTE)

    @property
    def minutes(self):
        """Whole minutes, rounded up, as shown to readers ('5 minute read')."""
        return max(1, math.ceil(self.seconds / 60))

    @property
    def over_limit(self):
        return self.seconds > LIMIT_SECONDS

    @property
    def seconds_over(self):
        return max(0, self.seconds - LIMIT_SECONDS)

    @property
    def words_over(self):
        return max(0, self.words - LIMIT_WORDS)

    def __str__(self):
        return f"{self.minutes} minute read"


def estimate(*texts):
    return ReadingTime(count_words(*texts))


def over_limit_message(reading_time):
    """What an editor sees when a brief is too long: by how much, in time and in words."""
    return (
        f"This brief takes about {format_duration(reading_time.seconds)} to read "
        f"({reading_time.words} words at {WORDS_PER_MINUTE} words a minute). That is "
        f"{format_duration(reading_time.seconds_over)} over the {LIMIT_MINUTES}-minute limit: "
        f"cut about {reading_time.words_over} words."
    )
