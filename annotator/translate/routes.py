"""Which installed packages take a text from one language to another: a direct package, or
two chained through a pivot language (the public Argos index has no Kazakh package, so
en->kk usually goes en->ru->kk)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.errors import NoRoute
from annotator.translate.packages import InstalledPackage

PIVOTS = ("ru", "en")


@dataclass(frozen=True)
class Route:
    packages: tuple[InstalledPackage, ...]

    @property
    def codes(self) -> list[str]:
        return [self.packages[0].from_code, *(p.to_code for p in self.packages)]

    @property
    def name(self) -> str:
        """"en>ru>kk": what a stored translation records as its route."""
        return ">".join(self.codes)

    @property
    def signature(self) -> str:
        return " + ".join(p.signature for p in self.packages)

    @property
    def is_pivot(self) -> bool:
        return len(self.packages) > 1

    def describe(self) -> str:
        arrow = " → ".join(self.codes)
        how = f"pivot through {self.codes[1]}" if self.is_pivot else "direct"
        return f"{arrow} ({how}: {', '.join(p.name for p in self.packages)})"


def best_packages(packages: Sequence[InstalledPackage]) -> dict[tuple[str, str], InstalledPackage]:
    """One package per language pair: the highest version when several are installed."""
    best: dict[tuple[str, str], InstalledPackage] = {}
    for package in packages:
        pair = (package.from_code, package.to_code)
        if pair not in best or _version_key(package.version) > _version_key(best[pair].version):
            best[pair] = package
    return best


def find_route(packages: Sequence[InstalledPackage], from_code: str, to_code: str) -> Route:
    """A direct package when one is installed, else a pivot through Russian (then English);
    NoRoute names the packages that would make one."""
    pairs = best_packages(packages)
    if (from_code, to_code) in pairs:
        return Route((pairs[from_code, to_code],))
    pivots = [*PIVOTS, *sorted({b for _, b in pairs} - set(PIVOTS))]
    for pivot in pivots:
        if pivot in (from_code, to_code):
            continue
        if (from_code, pivot) in pairs and (pivot, to_code) in pairs:
            return Route((pairs[from_code, pivot], pairs[pivot, to_code]))
    installed = ", ".join(f"{a}→{b}" for a, b in sorted(pairs)) or "none"
    ways = [f"{from_code}→{to_code}"]
    for pivot in PIVOTS:
        if pivot not in (from_code, to_code):
            missing = [f"{a}→{b}" for a, b in ((from_code, pivot), (pivot, to_code))
                       if (a, b) not in pairs]
            ways.append(" and ".join(missing) + f" (to pivot through {pivot})")
    raise NoRoute(f"no route from {from_code} to {to_code}: install a package for "
                  f"{' or '.join(ways)}. Installed: {installed}")


def all_routes(packages: Sequence[InstalledPackage]) -> list[Route]:
    """Every direct pair, and every pivot route that no direct package already covers."""
    pairs = best_packages(packages)
    routes = [Route((package,)) for _, package in sorted(pairs.items())]
    languages = sorted({code for pair in pairs for code in pair})
    for a in languages:
        for b in languages:
            if a != b and (a, b) not in pairs:
                with contextlib.suppress(NoRoute):
                    routes.append(find_route(packages, a, b))
    return routes


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))
