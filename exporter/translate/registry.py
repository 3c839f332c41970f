"""The providers by the name given to ``--provider``: the one place that imports every adapter."""
from __future__ import annotations

from typing import Callable, Dict, Type

from ..errors import UsageError
from ..options import Options
from .free import GoogleProvider, MyMemoryProvider
from .http import HttpClient
from .llm import OpenAIProvider
from .providers import DeepLProvider, LibreProvider, MicrosoftProvider, Provider

#: Registry of provider adapters by the name given to ``--provider``.
PROVIDERS: Dict[str, Type[Provider]] = {
    cls.name: cls for cls in (GoogleProvider, MyMemoryProvider, LibreProvider, DeepLProvider, MicrosoftProvider,
                              OpenAIProvider)
}


def get_provider(options: Options, http_factory: Callable[[str], HttpClient]) -> Provider:
    """The adapter named by ``options.provider``; ``http_factory(label)`` makes its HTTP client."""
    try:
        cls = PROVIDERS[options.provider]
    except KeyError:
        raise UsageError(f"unknown translation provider {options.provider!r}", subject="--provider",
                         hint="choose one of " + ", ".join(PROVIDERS)) from None
    return cls(options, http_factory(cls.label))
