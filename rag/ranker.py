"""Named features -> one score: a logistic model whose weights, and the refusal threshold calibrated
with it, are read from `rag/data/ranker.json` (written by `python -m rag.training`)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rag.errors import ConfigError
from rag.features import FEATURES

ORDER = "order"  # the belief model's input that is the order model's score


@dataclass(frozen=True)
class Ranker:
    """Two linear models over the named features.

    `order` says which of one question's sentences answers best (trained on pairs of sentences);
    `belief` turns a sentence's order score and features into the probability that it answers,
    comparable across questions, so that one threshold decides refusal.
    """

    order: Mapping[str, float]
    belief: Mapping[str, float]  # over "order" and the features
    bias: float
    threshold: float  # the belief below which the bot refuses, calibrated on the dev sets together

    def rank(self, features: Mapping[str, float]) -> float:
        """How well the sentence answers, against the question's other sentences (higher is better)."""
        return sum(w * features[name] for name, w in self.order.items())

    def score(self, features: Mapping[str, float], order: float | None = None) -> float:
        """The probability (0..1) that the sentence with these features (and its `order` score, if known) answers."""
        values = {**features, ORDER: self.rank(features) if order is None else order}
        z = self.bias + sum(w * values[name] for name, w in self.belief.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_json(self, **report: object) -> str:
        """The model as `rag/data/ranker.json` holds it, with how it was trained and measured."""
        rounded = {
            "order": {k: round(v, 6) for k, v in self.order.items()},
            "belief": {k: round(v, 6) for k, v in self.belief.items()},
        }
        data = {**rounded, "bias": round(self.bias, 6), "threshold": round(self.threshold, 6), **report}
        return json.dumps(data, indent=1, ensure_ascii=False)


def from_json(text: str) -> Ranker:
    """A Ranker from its JSON; every feature it names must be one `rag.features` computes."""
    try:
        data = json.loads(text)
        order = {str(k): float(v) for k, v in data["order"].items()}
        belief = {str(k): float(v) for k, v in data["belief"].items()}
        bias, threshold = float(data["bias"]), float(data["threshold"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"the sentence ranker is damaged ({exc}): run `python -m rag.training`") from exc
    unknown = (set(order) | set(belief)) - set(FEATURES) - {ORDER}
    if unknown:
        raise ConfigError(f"the ranker names features the code does not compute: {sorted(unknown)}")
    return Ranker(order, belief, bias, threshold)


@lru_cache(maxsize=4)
def load(path: Path | None = None) -> Ranker:
    """The trained ranker (the packaged one by default)."""
    try:
        source = path or resources.files("rag.data").joinpath("ranker.json")
        text = source.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"the sentence ranker cannot be read ({exc}): run `python -m rag.training`") from exc
    return from_json(text)
