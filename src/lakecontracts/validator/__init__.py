"""The validator compiler: a draft-07 JSON Schema to a standalone, straight-line Python module.

``compile`` (with ``keywords``, ``fastpath``, ``shapes``, ``fusion``, ``charformats``,
``charprog``, ``boundedmatch`` and the ``prelude`` copied into every module) writes the source;
``naming`` names a version's module; ``native_build`` compiles modules with mypyc; ``stamp`` is
the layout of those builds that the runtime reads. Codegen (the ``validators`` target) and the
runtime both use this package; it uses neither.
"""
