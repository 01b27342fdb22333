"""The search for the least generalisation that makes an extract k-anonymous and l-diverse, on
counts only (never rows): `Cells` holds, for each combination of quasi-identifiers at their
finest level, how many records share it and which sensitive values they hold.

Full-domain generalisation over the lattice of levels (one level per quasi-identifier, as in
Samarati's and ARX's models) with record suppression: at a node, every equivalence class smaller
than k, or with fewer than l distinct values of a sensitive attribute, is suppressed (its
records left out). A node is acceptable when what it suppresses is within the configured share.
Nodes are tried from the least information lost up (precision loss, then discernibility), so the
first acceptable level of loss holds the answer. Information loss is defined in
docs/decisions/0165-evaluation-extract.md."""

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Cells:
    """Counts of the finest combinations: key -> [records, one Counter per sensitive column]."""

    sensitive_count: int
    counts: dict[tuple, list] = field(default_factory=dict)
    total: int = 0

    def add(self, key: tuple, sensitive: Sequence[str], records: int = 1) -> None:
        """`records` records holding `key` and these sensitive values."""
        cell = self.counts.get(key)
        if cell is None:
            cell = self.counts[key] = [0, *(Counter() for _ in range(self.sensitive_count))]
        cell[0] += records
        for i, value in enumerate(sensitive):
            cell[i + 1][value] += records
        self.total += records


@dataclass(frozen=True)
class Outcome:
    """What a node of the lattice gives: the levels, which classes go, and the figures."""

    levels: tuple[int, ...]
    suppressed_classes: frozenset
    suppressed: int
    released: int
    k: int  # smallest class released (0 if nothing is released)
    l: dict[str, int]  # noqa: E741 - per sensitive column, fewest distinct values in a class
    classes: int
    precision_loss: float  # mean over quasi-identifiers of level / height (0 none, 1 all)
    column_loss: dict[str, float]  # per quasi-identifier: level / height
    discernibility: int  # sum of |class|^2 over released classes + suppressed * total

    def acceptable(self, *, k: int, l: int, max_suppressed: int) -> bool:  # noqa: E741
        return (
            self.released > 0
            and self.k >= k
            and all(v >= l for v in self.l.values())
            and self.suppressed <= max_suppressed
        )


def evaluate(
    cells: Cells,
    levels: tuple[int, ...],
    *,
    quasi_identifiers: Sequence[str],
    sensitive: Sequence[str],
    generalise: Sequence[Callable[[str], list[str]]],
    heights: Sequence[int],
    k: int,
    l: int,  # noqa: E741
) -> Outcome:
    """The classes at `levels`, with those under k or l suppressed."""
    memo = [{} for _ in quasi_identifiers]
    classes: dict[tuple, list] = {}
    for key, cell in cells.counts.items():
        general = []
        for i, value in enumerate(key):
            found = memo[i].get(value)
            if found is None:
                found = memo[i][value] = generalise[i](value)[levels[i]]
            general.append(found)
        general = tuple(general)
        merged = classes.get(general)
        if merged is None:
            merged = classes[general] = [0, *(set() for _ in sensitive)]
        merged[0] += cell[0]
        for i in range(len(sensitive)):
            merged[i + 1].update(cell[i + 1])
    suppressed_classes = set()
    suppressed = released = 0
    smallest = 0
    fewest = dict.fromkeys(sensitive, 0)
    discernibility = 0
    for general, merged in classes.items():
        size = merged[0]
        distinct = [len(values) for values in merged[1:]]
        if size < k or any(d < l for d in distinct):
            suppressed_classes.add(general)
            suppressed += size
            continue
        released += size
        discernibility += size * size
        smallest = size if not smallest else min(smallest, size)
        for name, d in zip(sensitive, distinct, strict=True):
            fewest[name] = d if not fewest[name] else min(fewest[name], d)
    discernibility += suppressed * cells.total
    column_loss = {
        name: (levels[i] / heights[i] if heights[i] else 0.0)
        for i, name in enumerate(quasi_identifiers)
    }
    return Outcome(
        levels=levels,
        suppressed_classes=frozenset(suppressed_classes),
        suppressed=suppressed,
        released=released,
        k=smallest,
        l=fewest,
        classes=len(classes) - len(suppressed_classes),
        precision_loss=sum(column_loss.values()) / len(column_loss) if column_loss else 0.0,
        column_loss=column_loss,
        discernibility=discernibility,
    )


@dataclass(frozen=True)
class Search:
    best: Outcome | None  # the acceptable node losing least, or None
    nearest: Outcome | None  # when none is acceptable: the one meeting k and l suppressing least
    nodes_tried: int


def search(
    cells: Cells,
    *,
    quasi_identifiers: Sequence[str],
    sensitive: Sequence[str],
    generalise: Sequence[Callable[[str], list[str]]],
    heights: Sequence[int],
    k: int,
    l: int,  # noqa: E741
    max_suppression: float,
    withhold_allowed: bool = False,
) -> Search:
    """The least-loss node whose suppression is within `max_suppression` of the records. The
    top level of each hierarchy ("*": the column withheld) is tried only if `withhold_allowed`."""
    max_suppressed = int(max_suppression * cells.total)
    top = 0 if withhold_allowed else 1
    nodes = list(itertools.product(*(range(h + 1 - top) for h in heights)))
    nodes.sort(key=lambda n: (sum(x / h if h else 0 for x, h in zip(n, heights, strict=True)), n))
    tried = 0
    best = nearest = None
    best_loss = None
    for node in nodes:
        loss = sum(x / h if h else 0 for x, h in zip(node, heights, strict=True))
        if best is not None and loss > best_loss + 1e-12:
            break
        outcome = evaluate(
            cells,
            node,
            quasi_identifiers=quasi_identifiers,
            sensitive=sensitive,
            generalise=generalise,
            heights=heights,
            k=k,
            l=l,
        )
        tried += 1
        if outcome.acceptable(k=k, l=l, max_suppressed=max_suppressed):
            if best is None or outcome.discernibility < best.discernibility:
                best, best_loss = outcome, loss
        elif outcome.released and (nearest is None or outcome.suppressed < nearest.suppressed):
            nearest = outcome
    return Search(best=best, nearest=None if best else nearest, nodes_tried=tried)
