"""`python -m sora_meta.lang`: the schema of the language tables as Markdown (docs/languages.md)."""

from .schema import markdown

print(markdown(), end="")
