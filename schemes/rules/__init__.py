"""Pure eligibility and benefit rules of the four ODOP sub-schemes.

One module per sub-scheme (``margin_money``, ``toolkit``, ``mda``, ``cfc``), each with ``CODE``,
``Parameters``, ``Facts``, ``check_eligibility``, ``compute_benefit`` and ``evaluate``. Nothing in
this package imports Django or touches the database: facts in, outcome out.
"""

from types import MappingProxyType, ModuleType

from schemes.rules import cfc, margin_money, mda, toolkit

#: Scheme code -> rules module, e.g. ``SCHEME_MODULES["MM"].evaluate(facts, params)``.
SCHEME_MODULES: MappingProxyType[str, ModuleType] = MappingProxyType(
    {module.CODE: module for module in (margin_money, toolkit, mda, cfc)}
)
