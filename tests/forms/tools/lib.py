"""Shared pieces of the corpus generator: the standard sender's values, a small HTML tree,
the browser's rules for which controls a form submits, and the writer of case folders.

Run `python3 tests/forms/tools/gen.py` to regenerate every case folder from the case
definitions (cases_*.py). The generated folders are committed; this code only saves typing
and keeps expected.json consistent with the pages.
"""
import json
import os
import re
import shutil
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
FORMS = os.path.dirname(HERE)

with open(os.path.join(FORMS, "client_config.json"), encoding="utf-8") as f:
    CONFIG = json.load(f)
with open(os.path.join(FORMS, "company.json"), encoding="utf-8") as f:
    COMPANY = json.load(f)
C = CONFIG["client"]
T = CONFIG["targeting"]

IDEOGRAPHIC_SPACE = "\u3000"

PREFECTURES = ["北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
               "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
               "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
               "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
               "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
               "鹿児島県", "沖縄県"]

CATEGORIES = [
    "company_name", "company_name_kana", "department", "position", "full_name", "last_name",
    "first_name", "full_name_kana", "last_name_kana", "first_name_kana", "email", "email_confirm",
    "phone", "phone_1", "phone_2", "phone_3", "fax", "postal_code", "postal_code_1",
    "postal_code_2", "prefecture", "city", "address", "address_line", "url", "subject", "message",
    "inquiry_type", "gender", "age", "industry", "employees", "how_found", "consent",
    "contact_method", "honeypot", "captcha", "other",
]


# ---------------------------------------------------------------------------------------------
# The message template (form-engine §1.4).

def render_template(text):
    def block(m):
        inner = m.group(0)[1:-1]
        keys = re.findall(r"\{([^{}]+)\}", inner)
        if len(keys) != 1 or keys[0].startswith(("client.", "targeting.")):
            return m.group(0)
        value = COMPANY.get(keys[0])
        if value in (None, ""):
            return ""
        return inner.replace("{" + keys[0] + "}", str(value))

    text = re.sub(r"\[[^\[\]]*\]", block, text)

    def placeholder(m):
        key = m.group(1)
        if key.startswith("client."):
            return str(C[key[len("client."):]])
        if key.startswith("targeting."):
            return str(T[key[len("targeting."):]])
        value = COMPANY.get(key)
        return "" if value is None else str(value)

    return re.sub(r"\{([^{}]+)\}", placeholder, text)


SUBJECT = render_template(T["subject"])
MESSAGE = render_template(T["message"])


# ---------------------------------------------------------------------------------------------
# Values in the format a field asks for (README "How expected values are derived").

def zenkaku(text):
    out = []
    for ch in text:
        code = ord(ch)
        if ch == " ":
            out.append(IDEOGRAPHIC_SPACE)
        elif ch == "-":
            out.append("\uff0d")
        elif 0x21 <= code <= 0x7E:
            out.append(chr(code + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def to_hiragana(text):
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in text)


_HALF_KANA = {
    "サ": "ｻ", "ト": "ﾄ", "ウ": "ｳ", "ケ": "ｹ", "ン": "ﾝ", "イ": "ｲ", "チ": "ﾁ", "カ": "ｶ",
    "ブ": "ﾌﾞ", "シ": "ｼ", "キ": "ｷ", "ガ": "ｶﾞ", "ャ": "ｬ", "ミ": "ﾐ", "ラ": "ﾗ", "テ": "ﾃ",
    "ッ": "ｯ", "ク": "ｸ", "　": " ",
}


def hankaku_kana(text):
    return "".join(_HALF_KANA[c] for c in text)


EMAIL = C["email_1"] + "@" + C["email_2"]
PHONE_HYPHEN = "-".join([C["phone_1"], C["phone_2"], C["phone_3"]])
PHONE_DIGITS = C["phone_1"] + C["phone_2"] + C["phone_3"]
POSTAL_HYPHEN = C["postal_code_1"] + "-" + C["postal_code_2"]
POSTAL_DIGITS = C["postal_code_1"] + C["postal_code_2"]
FULL_NAME = C["last_name"] + IDEOGRAPHIC_SPACE + C["first_name"]
FULL_KANA = C["last_name_kana"] + IDEOGRAPHIC_SPACE + C["first_name_kana"]
FULL_HIRAGANA = C["last_name_hiragana"] + IDEOGRAPHIC_SPACE + C["first_name_hiragana"]
CITY = C["address_2"] + C["address_3"]
STREET = C["address_4"]
BUILDING = C["address_5"]
ADDRESS_LINE = STREET + IDEOGRAPHIC_SPACE + BUILDING
ADDRESS_FULL = C["address_1"] + CITY + ADDRESS_LINE
ADDRESS_NO_PREF = CITY + ADDRESS_LINE


def derive(category, kana_script=None, part=None, style=None):
    """The value a correct engine fills into a field of `category`, or None (leave it)."""
    zen = style == "zenkaku"
    w = zenkaku if zen else (lambda s: s)
    kana = kana_script or "katakana"

    def k(katakana, hiragana):
        if style == "hankaku_kana":
            return hankaku_kana(katakana)
        return hiragana if kana == "hiragana" else katakana

    if category == "company_name":
        return C["company_name"]
    if category == "company_name_kana":
        return k(C["company_name_kana"], to_hiragana(C["company_name_kana"]))
    if category == "department":
        return C["department"]
    if category == "position":
        return C["position"]
    if category == "full_name":
        return FULL_NAME
    if category == "last_name":
        return C["last_name"]
    if category == "first_name":
        return C["first_name"]
    if category == "full_name_kana":
        return k(FULL_KANA, FULL_HIRAGANA)
    if category == "last_name_kana":
        return k(C["last_name_kana"], C["last_name_hiragana"])
    if category == "first_name_kana":
        return k(C["first_name_kana"], C["first_name_hiragana"])
    if category in ("email", "email_confirm"):
        if part == "local":
            return C["email_1"]
        if part == "domain":
            return C["email_2"]
        return EMAIL
    if category == "phone":
        return w(PHONE_DIGITS if style == "digits" else PHONE_HYPHEN)
    if category == "phone_1":
        return w(C["phone_1"])
    if category == "phone_2":
        return w(C["phone_2"])
    if category == "phone_3":
        return w(C["phone_3"])
    if category == "postal_code":
        return w(POSTAL_DIGITS if style == "digits" else POSTAL_HYPHEN)
    if category == "postal_code_1":
        return w(C["postal_code_1"])
    if category == "postal_code_2":
        return w(C["postal_code_2"])
    if category == "prefecture":
        return C["address_1"]
    if category == "city":
        return w(CITY)
    if category == "address":
        return w(ADDRESS_NO_PREF if part == "after_prefecture" else ADDRESS_FULL)
    if category == "address_line":
        if part == "street":
            return w(STREET)
        if part == "building":
            return w(BUILDING)
        return w(ADDRESS_LINE)
    if category == "url":
        return C["website_url"]
    if category == "subject":
        return SUBJECT
    if category == "message":
        return MESSAGE
    return None


class F:
    """One control of the chosen form, as expected.json lists it.

    value: the value to send (derived from the category when omitted); `fill=False` means the
    field must be left as it is (empty, unchecked or at its default option).
    """

    def __init__(self, name, category, required=False, value=None, kana_script=None, part=None,
                 style=None, fill=True, label=None, rule=None):
        assert category in CATEGORIES, category
        self.name = name
        self.label = label
        self.rule = rule or {}
        self.style = style
        self.category = category
        self.required = required
        self.kana_script = kana_script
        self.part = part
        if category in ("full_name_kana", "last_name_kana", "first_name_kana",
                        "company_name_kana") and kana_script is None:
            self.kana_script = "katakana"
        if category in ("honeypot", "captcha", "fax"):
            fill = False if value is None else fill
        if value is None and fill:
            value = derive(category, self.kana_script, part, style)
            assert value is not None, f"{name}: no derivable value for {category}"
        self.value = value if fill else None

    def to_json(self):
        out = {"name": self.name, "category": self.category, "required": self.required}
        if self.value is not None:
            out["value"] = self.value
        if self.kana_script:
            out["kana_script"] = self.kana_script
        if self.part:
            out["part"] = self.part
        return out


# ---------------------------------------------------------------------------------------------
# A small HTML tree, enough to find forms and their controls the way a browser would.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
AUTO_CLOSE = {"option": {"option"}, "li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"},
              "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th"}, "th": {"td", "th"}}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []
        self.parent = parent

    def text(self):
        out = []
        for c in self.children:
            out.append(c if isinstance(c, str) else c.text())
        return "".join(out)

    def walk(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.walk()

    def get(self, key, default=None):
        return self.attrs.get(key, default)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        attrs = [(k, "" if v is None else v) for k, v in attrs]
        closes = AUTO_CLOSE.get(tag)
        if closes and self.stack[-1].tag in closes:
            self.stack.pop()
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        attrs = [(k, "" if v is None else v) for k, v in attrs]
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text):
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


TEXT_TYPES = {"", "text", "email", "tel", "url", "number", "password", "search", "date",
              "datetime-local", "month", "time", "week", "color", "range"}


def controls(container):
    """Form controls under `container` in document order (nested forms are not expected)."""
    out = []
    for n in container.walk():
        if n.tag in ("input", "select", "textarea", "button"):
            out.append(n)
    return out


def is_submit_button(n):
    if n.tag == "button":
        return n.get("type", "submit").lower() == "submit"
    return n.tag == "input" and n.get("type", "").lower() in ("submit", "image")


def button_text(n):
    if n.tag == "button":
        return re.sub(r"\s+", "", n.text())
    return n.get("value", "") or n.get("alt", "")


BACK_WORDS = ("戻る", "修正", "訂正", "back", "Back", "リセット", "クリア", "キャンセル")


def choose_button(ctrls, name=None, text=None):
    buttons = [c for c in ctrls if is_submit_button(c) and "disabled" not in c.attrs]
    if name is not None:
        for b in buttons:
            if b.get("name") == name:
                return b
        raise AssertionError(f"no submit button named {name}")
    if text is not None:
        for b in buttons:
            if text in button_text(b):
                return b
        raise AssertionError(f"no submit button with text {text}")
    for b in buttons:
        if not any(w in button_text(b) for w in BACK_WORDS):
            return b
    return None


def select_default(n):
    options = [o for o in n.walk() if o.tag == "option"]
    for o in options:
        if "selected" in o.attrs:
            return option_value(o)
    return option_value(options[0]) if options else None


def option_value(o):
    if "value" in o.attrs:
        return o.attrs["value"]
    return re.sub(r"\s+", " ", o.text()).strip()


def successful_controls(ctrls, expected, button):
    """(name, value) pairs a browser submits; `expected` maps names to F."""
    pairs = []
    for n in ctrls:
        name = n.get("name")
        if not name or "disabled" in n.attrs:
            continue
        f = expected.get(name)
        if n.tag == "textarea":
            value = f.value if f is not None and f.value is not None else n.text().lstrip("\n")
            pairs.append((name, value))
        elif n.tag == "select":
            if f is not None and f.value is not None:
                values = f.value if isinstance(f.value, list) else [f.value]
                pairs.extend((name, v) for v in values)
            else:
                d = select_default(n)
                if d is not None:
                    pairs.append((name, d))
        elif n.tag == "button" or (n.tag == "input" and
                                     n.get("type", "").lower() in ("submit", "image", "reset",
                                                                   "button")):
            if n is button:
                if n.get("type", "").lower() == "image":
                    pairs.append((name + ".x", "*"))
                    pairs.append((name + ".y", "*"))
                else:
                    pairs.append((name, n.get("value", "")))
        else:
            t = n.get("type", "").lower()
            if t == "file":
                continue
            if t in ("checkbox", "radio"):
                own = n.get("value", "on")
                if f is not None:
                    wanted = f.value if isinstance(f.value, list) else (
                        [] if f.value is None else [f.value])
                    checked = own in wanted
                else:
                    checked = "checked" in n.attrs
                if checked:
                    pairs.append((name, own))
            elif t == "hidden":
                pairs.append((name, n.get("value", "")))
            else:
                value = f.value if f is not None and f.value is not None else n.get("value", "")
                pairs.append((name, value))
    return pairs


def find_form(root, locator, field_names):
    if locator and "container" in locator:
        for n in root.walk():
            if n.get("id") == locator["container"]:
                return n
        raise AssertionError("no container " + locator["container"])
    forms = [n for n in root.walk() if n.tag == "form"]
    if locator and "id" in locator:
        for f in forms:
            if f.get("id") == locator["id"]:
                return f
        raise AssertionError("no form id " + locator["id"])
    if locator and "index" in locator:
        return forms[locator["index"]]
    for f in forms:
        names = {c.get("name") for c in controls(f)}
        if field_names and field_names[0] in names:
            return f
    raise AssertionError("cannot find the form holding " + str(field_names[:1]))


def pairs_to_dict(pairs):
    out = {}
    for name, value in pairs:
        if name in out:
            if not isinstance(out[name], list):
                out[name] = [out[name]]
            out[name].append(value)
        else:
            out[name] = value
    return out


# ---------------------------------------------------------------------------------------------
# Cases.

CODES = {
    "SUCCESS", "PROHIBITION_DETECTED", "BOT_DETECTED", "NO_FORM_FOUND", "NEEDS_BROWSER",
    "REQUIRED_FIELD_UNFILLABLE", "FORM_VALIDATION_ERROR", "SERVER_ERROR", "TIMEOUT", "NOT_FOUND",
    "TOO_MANY_REDIRECTS", "PAGE_TOO_LARGE", "NO_MESSAGE_AREA",
}

CHARSET_CODECS = {"utf-8": "utf-8", "shift_jis": "cp932", "euc-jp": "euc_jp"}

ALL = []


class Case:
    def __init__(self, name, kind, description, entry_path, pages, site, fields=(),
                 verdict="contact_form", outcome="success", code="SUCCESS", honeypots=(),
                 must_not_submit=None, charset="utf-8", form=None, button=None,
                 confirm_page=None, final_button=None, final_button_text=None,
                 final_override=None, flow=None, form_page=None, browser=None):
        self.name = name
        self.kind = kind
        self.description = description
        self.entry_path = entry_path
        self.pages = pages
        self.site = site
        self.fields = list(fields)
        self.verdict = verdict
        self.outcome = outcome
        self.code = code
        self.honeypots = list(honeypots)
        self.must_not_submit = (outcome == "skipped") if must_not_submit is None else must_not_submit
        self.charset = charset
        self.form = form
        self.button = button
        self.confirm_page = confirm_page
        self.final_button = final_button
        self.final_button_text = final_button_text
        self.final_override = final_override or {}
        self.flow = flow
        self.form_page = form_page
        # What a browser (the engine's fallback) achieves on a needs_browser case:
        # {"expected_outcome", "expected_code", "expect_confirm_step", "final_fields"}.
        self.browser = browser
        assert code in CODES, code
        ALL.append(self)

    # The entry page's file in the folder.
    def entry_file(self):
        path = self.entry_path
        for _ in range(3):
            for r in self.site["routes"]:
                if r["path"] == path and r.get("method", "GET") == "GET" and "redirect" in r:
                    path = r["redirect"]
        for r in self.site["routes"]:
            if r["path"] == path and r.get("method", "GET") == "GET" and "page" in r:
                return r["page"]
        raise AssertionError(self.name + ": entry path has no GET page route")

    def submit_spec(self):
        for r in self.site["routes"]:
            if "submit" in r:
                return r["submit"]
        return None

    def echo_excluded(self, form_id):
        spec = self.site.get("forms", {}).get(form_id, {})
        out = set(spec.get("exclude_from_echo", []))
        if spec.get("csrf_field"):
            out.add(spec["csrf_field"])
        sub = self.submit_spec() or {}
        if sub.get("step_field"):
            out.add(sub["step_field"])
        for b in sub.get("step_buttons", {}):
            out.update({b, b + ".x", b + ".y"})
        return out

    def final_fields(self):
        if self.outcome != "success":
            return {}
        expected = {f.name: f for f in self.fields}
        page = self.pages[self.form_page or self.entry_file()]
        root = parse_html(placeholders_for_model(page))
        form = find_form(root, self.form, [f.name for f in self.fields])
        ctrls = controls(form)
        button = choose_button(ctrls, self.button) if self.button != "" else None
        pairs = successful_controls(ctrls, expected, button)
        if self.confirm_page:
            sub = self.submit_spec()
            form_id = sub["form"]
            excluded = self.echo_excluded(form_id)
            echo = [(n, v) for n, v in pairs if n not in excluded]
            html = placeholders_for_model(self.pages[self.confirm_page], echo)
            croot = parse_html(html)
            cform = find_form(croot, {"index": 0}, [])
            cctrls = controls(cform)
            fbutton = choose_button(cctrls, self.final_button, self.final_button_text)
            final_pairs = successful_controls(cctrls, {}, fbutton)
            if sub.get("values_from_session"):
                merged = list(pairs)
                names = {n for n, _ in merged}
                merged.extend((n, v) for n, v in final_pairs if n not in names)
                pairs = merged
            else:
                pairs = final_pairs
        out = pairs_to_dict(pairs)
        out.update(self.final_override)
        return {k: v for k, v in out.items() if v is not None}

    def expected(self):
        return {
            "case": self.name,
            "description": self.description,
            "entry_path": self.entry_path,
            "verdict": self.verdict,
            "expected_outcome": self.outcome,
            "expected_code": self.code,
            "fields": [f.to_json() for f in self.fields],
            "honeypots": self.honeypots,
            "must_not_submit": self.must_not_submit,
            "submission": {
                "expect_confirm_step": bool(self.confirm_page) or self.flow == "confirm",
                "final_fields": self.final_fields(),
            },
            **({"browser": self.browser} if self.browser else {}),
        }

    def write(self, root):
        folder = os.path.join(root, self.name)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        codec = CHARSET_CODECS[self.charset]
        for rel, content in self.pages.items():
            path = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if isinstance(content, str):
                text = content
                if codec == "cp932":
                    text = text.replace("\u301c", "\uff5e")
                data = text.encode(codec)
            else:
                data = content
            with open(path, "wb") as f:
                f.write(data)
        site = {"description": self.description}
        if self.charset != "utf-8":
            site["charset"] = {"shift_jis": "Shift_JIS", "euc-jp": "EUC-JP"}[self.charset]
        site.update(self.site)
        with open(os.path.join(folder, "site.json"), "w", encoding="utf-8") as f:
            json.dump(site, f, ensure_ascii=False, indent=2)
            f.write("\n")
        with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
            json.dump(self.expected(), f, ensure_ascii=False, indent=2)
            f.write("\n")


def placeholders_for_model(html, echo=None):
    """The page as the server would render it for the submission model: tokens are '*'."""
    html = html.replace("{{csrf_token}}", "*")
    if echo is not None:
        def hidden(pairs):
            return "".join(
                f'<input type="hidden" name="{escape(n)}" value="{escape(v)}">' for n, v in pairs)
        html = html.replace("{{hidden_all}}", hidden(echo))
        html = re.sub(r"\{\{hidden:([^}]+)\}\}",
                      lambda m: hidden([(n, v) for n, v in echo if n == m.group(1)]), html)
    return re.sub(r"\{\{[a-z_]+(:[^}]*)?\}\}", "", html)


def escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def standard_values():
    """Every value a field of each category may take for the standard sender."""
    out = {}
    for cat in CATEGORIES:
        values = []
        for kana in ("katakana", "hiragana"):
            for part in (None, "local", "domain", "street", "building", "after_prefecture"):
                for style in (None, "digits", "zenkaku", "hankaku_kana"):
                    try:
                        v = derive(cat, kana, part, style)
                    except KeyError:
                        v = None
                    if v is not None and v not in values:
                        values.append(v)
        if values:
            out[cat] = values
    return out
