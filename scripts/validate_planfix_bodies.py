#!/usr/bin/env python3
"""Validate Planfix REST request bodies against the official OpenAPI spec.

Usage: validate_planfix_bodies.py DIR [--spec PATH] [--lenient]

Every DIR/*.json file is one request body. Its operation comes from the file name: the part before the first
dot, e.g. "task-create.by-template.json" -> task-create. Known operations:

  contact-create        POST /contact/                 (ContactRequest)
  contact-update        POST /contact/{id}             (ContactRequest)
  contact-list          POST /contact/list
  task-create           POST /task/                    (TaskCreateRequest)
  task-update           POST /task/{id}                (TaskUpdateRequest)
  task-list             POST /task/list
  task-comment-create   POST /task/{id}/comments/      (CommentCreateRequest)
  user-list             POST /user/list
  object-list           POST /object/list

The spec is used as published, with three documented corrections (reference planfix-api.md §1.1, §1.5):
  * numeric enums written as strings with comments ("4003 // Contact phone") become numbers;
  * CustomFieldValueRequest.value accepts any JSON value (the spec's own examples send strings, numbers ...);
  * NotifiedRequest.roles accepts an array of roles as well (the spec's example sends an array).
Unless --lenient is given, every object schema with declared properties also gets additionalProperties:false,
so a misspelt or invented field fails instead of passing silently.

Exit status: 0 when every file is valid; 1 when a file is invalid, unreadable, or has an unknown operation, or
DIR has no .json files; 2 when the jsonschema package or the spec is missing.
"""
import copy
import json
import os
import re
import sys

OPERATIONS = {
    "contact-create": ("/contact/", "post"),
    "contact-update": ("/contact/{id}", "post"),
    "contact-list": ("/contact/list", "post"),
    "task-create": ("/task/", "post"),
    "task-update": ("/task/{id}", "post"),
    "task-list": ("/task/list", "post"),
    "task-comment-create": ("/task/{id}/comments/", "post"),
    "user-list": ("/user/list", "post"),
    "object-list": ("/object/list", "post"),
}

NUMERIC_ENUM = re.compile(r"^\s*(-?\d+)\s*//")


def clean(node):
    """Numeric enums written as "N // comment" become N."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "enum" and isinstance(value, list):
                items = []
                for item in value:
                    m = NUMERIC_ENUM.match(item) if isinstance(item, str) else None
                    items.append(int(m.group(1)) if m else item)
                out[key] = items
            else:
                out[key] = clean(value)
        return out
    if isinstance(node, list):
        return [clean(x) for x in node]
    return node


def close_objects(node):
    """additionalProperties:false on every object schema that declares properties (strict mode)."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict) and "additionalProperties" not in node and "anyOf" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            close_objects(value)
    elif isinstance(node, list):
        for value in node:
            close_objects(value)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    lenient = "--lenient" in argv
    spec_path = None
    if "--spec" in argv:
        i = argv.index("--spec")
        spec_path = argv[i + 1] if i + 1 < len(argv) else None
        args = [a for a in args if a != spec_path]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 1
    directory = args[0]
    if spec_path is None:
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        spec_path = os.path.join(repo, "..", "shared", "reference", "planfix-openapi.json")
    try:
        import jsonschema
    except ImportError:
        print("ERROR: the python package 'jsonschema' is not installed for %s (pip install jsonschema)" % sys.executable, file=sys.stderr)
        return 2
    try:
        with open(spec_path, encoding="utf-8") as f:
            spec = json.load(f)
    except (OSError, ValueError) as e:
        print("ERROR: cannot read the OpenAPI spec %s: %s" % (spec_path, e), file=sys.stderr)
        return 2

    components = clean(copy.deepcopy(spec["components"]))
    schemas = components["schemas"]
    schemas["CustomFieldValueRequest"]["properties"]["value"] = {}
    roles = schemas["NotifiedRequest"]["properties"]["roles"]
    schemas["NotifiedRequest"]["properties"]["roles"] = {"anyOf": [roles, {"type": "array", "items": roles}]}
    if not lenient:
        close_objects(components)

    files = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    if not files:
        print("ERROR: no .json files in %s" % directory, file=sys.stderr)
        return 1
    failures = 0
    for name in files:
        operation = name.split(".", 1)[0]
        if operation not in OPERATIONS:
            print("FAIL %s: unknown operation %r (known: %s)" % (name, operation, ", ".join(sorted(OPERATIONS))))
            failures += 1
            continue
        path, method = OPERATIONS[operation]
        body_schema = clean(spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"])
        if not lenient:
            close_objects(body_schema)
        schema = dict(body_schema)
        schema["components"] = components
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                body = json.load(f)
        except (OSError, ValueError) as e:
            print("FAIL %s: unreadable JSON: %s" % (name, e))
            failures += 1
            continue
        validator = jsonschema.Draft7Validator(schema)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            failures += 1
            for error in errors:
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                print("FAIL %s (%s %s): at %s: %s" % (name, method.upper(), path, where, error.message))
        else:
            print("OK %s (%s %s)" % (name, method.upper(), path))
    print("%d file(s), %d invalid" % (len(files), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
