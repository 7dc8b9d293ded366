"""Synthetic, clinically consistent case records (seeded and deterministic)."""

from core.synth.generator import GENERATOR_VERSION, generate_case, generate_cases

__all__ = ["GENERATOR_VERSION", "generate_case", "generate_cases"]
