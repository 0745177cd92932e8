"""The web editor's configuration (Decap CMS's config.yml), made from the models and the settings.

Each editable kind of file is a collection: its form's fields come from a pydantic model's JSON
schema (title: the label, description: the hint, required: the required mark, enum: a choice
with its Chinese labels, pattern: a check before saving, array of objects: a list of sub-forms,
`references`: other entries of the same collection to choose from), so a field or a topic added
to the model reaches the editor with no second edit. A field of a kind this file does not know
stops the build, saying which (a form that silently lacked it would lose what the file says).

Each collection's files are read and written in the format the build reads (`formats()`, which
admin/editor.js implements): the FAQ's and the pages' `Key: value` header, a YAML file, a
Markdown file with no header.
"""

import posixpath
from pathlib import Path

from faq import schema as faq_schema
from schools.letter import PLACEHOLDERS

from .models import PageMeta

# The custom formats admin/editor.js registers with Decap (CMS.registerCustomFormat).
HEADER_FORMAT = "header-markdown"      # `Key: value` lines, a blank line, then Markdown
FAQ_FORMAT = "faq-markdown"            # the same, with the FAQ's lists (Sources, Related)
BODY_FORMAT = "markdown-only"          # Markdown with no header (the school letter)

# What the Markdown editor offers: no pictures or code blocks (the pages show neither).
MARKDOWN = {"widget": "markdown", "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                                               "bulleted-list", "numbered-list"],
            "editor_components": [], "modes": ["rich_text", "raw"], "sanitize_preview": True}


class UnknownField(Exception):
    pass


def _resolve(prop, defs):
    if "$ref" in prop:
        return defs[prop["$ref"].rsplit("/", 1)[-1]]
    return prop


def _optional(prop):
    """(the schema, True) of an Optional[X] field: X's schema without its null."""
    choices = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
    if len(choices) == 1 and len(prop["anyOf"]) == 2:
        merged = {**prop, **choices[0]}
        merged.pop("anyOf")
        return merged, True
    return prop, False


def fields(model, collection):
    """The Decap fields of a model, in its order."""
    schema = model.model_json_schema()
    return _object_fields(schema, schema.get("$defs", {}), collection, model.__name__)


def _object_fields(schema, defs, collection, where):
    required = set(schema.get("required", []))
    return [_field(name, prop, name in required, defs, collection, f"{where}.{name}")
            for name, prop in schema["properties"].items()]


def _field(name, prop, required, defs, collection, where):
    prop, nullable = _optional(_resolve(prop, defs))
    field = {"name": name, "label": prop.get("title", name), "required": required and not nullable}
    if prop.get("description"):
        field["hint"] = prop["description"]
    kind = prop.get("type")
    if "enum" in prop:
        labels = prop.get("enum_labels", {})
        field.update(widget="select", options=[{"label": labels.get(value, value), "value": value} for value in prop["enum"]])
    elif kind == "string" and prop.get("format") == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False, default="")
    elif kind == "string":
        field["widget"] = "string"
        if prop.get("pattern"):
            field["pattern"] = [prop["pattern"], prop.get("pattern_message") or f"{field['label']}的写法不对"]
    elif kind == "array":
        items = _resolve(prop["items"], defs)
        if items.get("type") == "object":
            field.update(widget="list", collapsed=False,
                         fields=_object_fields(items, defs, collection, where),
                         summary="｜".join("{{fields.%s}}" % key for key in items["properties"]))
            field["label_singular"] = field["label"]
        elif items.get("type") == "string" and prop.get("references"):
            key = prop["references"]
            field.update(widget="relation", collection=collection, value_field=key, search_fields=["title", key],
                         display_fields=["title"], multiple=True)
        elif items.get("type") == "string":
            field["widget"] = "list"
        else:
            raise UnknownField(where)
        if prop.get("minItems"):
            field["min"] = prop["minItems"]
    else:
        raise UnknownField(where)
    return field


def header_keys(model):
    """[[key, as the file writes it], ...], and the keys of lists of records and of plain lists,
    for admin/editor.js: the header the build reads (faq/load.py's read_header)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    keys, records, lists = [], {}, []
    for name, prop in schema["properties"].items():
        keys.append([name, name.capitalize()])
        prop = _resolve(prop, defs)
        if prop.get("type") == "array":
            items = _resolve(prop["items"], defs)
            if items.get("type") == "object":
                records[name] = list(items["properties"])
            else:
                lists.append(name)
    return {"keys": keys, "records": records, "lists": lists}


def formats():
    """The formats admin/editor.js registers: {name: how a file of it is read and written}."""
    return {
        FAQ_FORMAT: {"extension": "md", "header": header_keys(faq_schema.FaqMeta), "body": "body"},
        HEADER_FORMAT: {"extension": "md", "header": header_keys(PageMeta), "body": "body"},
        BODY_FORMAT: {"extension": "md", "header": None, "body": "body"},
    }


def _relative(settings, path):
    """A path as decap-server (which runs in the project folder, PATH's parent) names it, or None
    when it lies outside the project."""
    project = Path(settings["PATH"]).resolve().parent
    try:
        return Path(path).resolve().relative_to(project).as_posix()
    except ValueError:
        return None


def _preview_path(pattern, **fields):
    """A *_URL setting as Decap's preview_path: "faq/{slug}/" -> "faq/{{fields.slug}}/"."""
    return pattern.format(**{key: "{{fields.%s}}" % value for key, value in fields.items()})


def _body(label, hint):
    return {"name": "body", "label": label, "hint": hint, "required": False, **MARKDOWN}


def collections(settings):
    faq_dir = _relative(settings, settings["FAQ_DIR"])
    schools_dir = _relative(settings, settings["SCHOOLS_DIR"])
    found = []
    if faq_dir:
        plain = (f"用大白话写：每句话不超过 {settings['FAQ_MAX_SENTENCE_CHARS']} 个字，每段不超过 "
                 f"{settings['FAQ_MAX_PARAGRAPH_SENTENCES']} 句；名词解释里的词第一次出现时，紧接着用括号解释。"
                 "一般分“为什么”和“怎么做”两个小标题")
        found.append({
            "name": "faq", "label": "常见问题", "label_singular": "常见问题页",
            "description": "每个问题一页。保存后网站会自动重新生成；有错误时，页面上方会提示，点开能看到是哪一行、怎么改。",
            "folder": faq_dir, "extension": "md", "format": FAQ_FORMAT,
            "create": True, "delete": False, "slug": "{{fields.slug}}", "identifier_field": "title",
            "summary": "{{title}}", "sortable_fields": ["title", "topic", "reviewed"],
            "preview_path": _preview_path(settings["FAQ_URL"], slug="slug"), "editor": {"preview": False},
            "fields": [*fields(faq_schema.FaqMeta, "faq"), _body("正文", plain)],
        })
        found.append({
            "name": "glossary", "label": "名词解释", "delete": False, "editor": {"preview": False},
            "files": [{"name": "glossary", "label": "名词解释", "file": f"{faq_dir}/glossary.yaml",
                       "preview_path": settings["GLOSSARY_URL"],
                       "fields": fields(faq_schema.Glossary, "glossary")}],
        })
    if schools_dir:
        placeholders = "；".join(f"【{key}】{words}" for key, words in PLACEHOLDERS.items())
        found.append({
            "name": "schools", "label": "告家长书", "delete": False, "editor": {"preview": False},
            "files": [{"name": "letter", "label": "“小手拉大手”告家长书（各校共用）", "file": f"{schools_dir}/letter.md",
                       "format": BODY_FORMAT, "preview_path": settings["SCHOOLS_INDEX_URL"],
                       "fields": [_body("信的正文", "这些【占位符】会按每所学校自动填好，请照原样写：" + placeholders)]}],
        })
    for folder in settings.get("PAGE_PATHS", []):
        pages_dir = _relative(settings, Path(settings["PATH"]) / folder)
        if pages_dir:
            found.append({
                "name": "pages" if folder == "pages" else f"pages-{len(found)}", "label": "其他页面",
                "label_singular": "页面", "folder": pages_dir, "extension": "md", "format": HEADER_FORMAT,
                "create": False, "delete": False, "identifier_field": "title", "summary": "{{title}}",
                "preview_path": _preview_path(settings["PAGE_URL"], slug="slug"), "editor": {"preview": False},
                "fields": [*fields(PageMeta, "pages"), _body("正文", "用 Markdown 写：## 小标题、- 列表、**加粗**、[文字](网址)")],
            })
    return found


def config(settings, site_url):
    """Decap's configuration, as a dict for config.yml. `site_url`: the site's root, from the
    editor's own address (Decap's "查看" links)."""
    return {
        "backend": {"name": "proxy", "proxy_url": settings["EDITOR_BACKEND_URL"], "branch": "main"},
        "locale": "zh_Hans",
        "site_url": site_url,
        "publish_mode": "simple",
        # Decap asks for a media folder; the editor offers no pictures (MARKDOWN has no image button).
        "media_folder": _relative(settings, Path(settings["PATH"]) / "images") or "content/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(settings),
    }


def relative_url(target, page):
    """The address of `target` from the page at `page` (both relative to the site root; "" is
    the root)."""
    base = page if page.endswith("/") else posixpath.dirname(page) + "/"
    relative = posixpath.relpath("/" + target, "/" + base)
    folder = target == "" or target.endswith("/")
    return relative + ("/" if folder and not relative.endswith("/") else "")
