"""Speed of variant mining over many distinct candidate forms, against the fingerprint
baseline run in the same process on the same forms.

Forms are generated: random Cyrillic names (Russian and Kazakh letters, 2 to 4 syllables),
each romanized several times by choosing, letter by letter, a rendering some scheme uses
(data from annotator's scheme tables), with a dropped or doubled letter now and then. The
clustering is annotator's full grouping (keys, skeleton blocking, one-letter neighbours,
union); explanations are computed later, only for the suggestions shown.

    ./dev python bench/variants_speed.py [--sizes 100000,300000,1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from baselines import fingerprint, key_collision  # noqa: E402

from annotator.variants import keys  # noqa: E402
from annotator.variants.alternations import renderings  # noqa: E402
from annotator.variants.cluster import cluster  # noqa: E402

CONSONANTS = "бвгджзклмнпрстфхцчшщқғң"
VOWELS = "аеиоуыэюяәөұүі"


def generate(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    table = {letter: [latin for latin in spellings if latin] or [""]
             for letter, spellings in renderings().items() if len(letter) == 1}
    forms: set[str] = set()
    while len(forms) < count:
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS)
                       for _ in range(rng.randint(2, 4))) + rng.choice(["", "в", "н", "ов"])
        for _ in range(rng.randint(1, 5)):
            latin = "".join(rng.choice(table.get(c, [c])) for c in word)
            if rng.random() < 0.2 and len(latin) > 4:
                i = rng.randrange(1, len(latin) - 1)
                latin = latin[:i] + latin[i + 1:] if rng.random() < 0.5 else \
                    latin[:i] + latin[i] + latin[i:]
            forms.add(latin[:1].upper() + latin[1:])
    return sorted(forms)[:count]


def timed(function, forms: list[str]) -> tuple[float, int]:
    keys._loose_of_folded.cache_clear()
    gc.collect()
    start = time.perf_counter()
    clusters = function(forms)
    return time.perf_counter() - start, len(clusters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    every = generate(max(sizes))
    print(f"{len(every):,} distinct generated forms; {args.repeats} alternating runs each, "
          "medians\n")
    print(f"{'forms':>10}{'annotator s':>13}{'µs/form':>9}{'clusters':>10}"
          f"{'fingerprint s':>15}{'ratio':>7}")
    for size in sizes:
        forms = random.Random(size).sample(every, size)
        ours, base = [], []
        for _ in range(args.repeats):
            base.append(timed(lambda f: key_collision(f, fingerprint), forms))
            ours.append(timed(cluster, forms))
        seconds = statistics.median(t for t, _ in ours)
        baseline = statistics.median(t for t, _ in base)
        print(f"{size:>10,}{seconds:>13.2f}{seconds / size * 1e6:>9.1f}{ours[0][1]:>10,}"
              f"{baseline:>15.2f}{seconds / baseline:>7.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
