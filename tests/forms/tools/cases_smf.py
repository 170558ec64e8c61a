"""WordPress + Snow Monkey Forms: the form is in the HTML but is submitted by the plugin's
script to its REST route /wp-json/snow-monkey-form/v1/view (a POST to the page itself does
nothing)."""
from chrome import wp
from kit import form_spec
from lib import Case, F


def smf_item(label, control, required=False, description=""):
    req = '<span class="smf-item__label__required">必須</span>' if required else ""
    desc = f'<div class="smf-item__description">{description}</div>' if description else ""
    return f"""<div class="smf-item">
<div class="smf-item__col smf-item__col--label"><div class="smf-item__label"><div class="smf-item__label__text">{label}</div>{req}</div></div>
<div class="smf-item__col smf-item__col--controls"><div class="smf-item__controls">{control}</div>{desc}</div>
</div>"""


def smf_text(name, kind="text", placeholder=""):
    ph = f' placeholder="{placeholder}"' if placeholder else ""
    return (f'<div class="smf-placeholder" data-name="{name}"><div class="smf-text-control">'
            f'<input type="{kind}" name="{name}" value="" class="smf-text-control__control"{ph} '
            f'data-invalid="1"/></div></div>')


def smf_textarea(name):
    return (f'<div class="smf-placeholder" data-name="{name}"><div class="smf-textarea-control">'
            f'<textarea name="{name}" class="smf-textarea-control__control" rows="5" '
            f'data-invalid="1"></textarea></div></div>')


def smf_page(form_id, items, notice=""):
    return f"""{notice}<div class="snow-monkey-form-wrapper">
<form class="snow-monkey-form" id="snow-monkey-form-{form_id}" method="post" action="" enctype="multipart/form-data" data-screen="input">
<div class="smf-form smf-form--business">
{items}
</div>
<div class="smf-action"><div class="smf-button-control"><button type="submit" class="smf-button-control__control" data-action="complete">送信する<input type="hidden" name="snow-monkey-forms-meta[method]" value="complete"/></button></div></div>
<input type="hidden" name="snow-monkey-forms-meta[formid]" value="{form_id}"/>
<input type="hidden" name="_snow-monkey-forms-token" value="{{{{csrf_token}}}}"/>
<div class="smf-focus-point" aria-hidden="true"></div>
</form>
</div>
<script id="snow-monkey-forms-js-before">var snowmonkeyforms = {{"view_json_url":"\\/wp-json\\/snow-monkey-form\\/v1\\/view?ver=1701312000","nonce":"8d1b4c2e0f"}};</script>
<script src="/wp-content/plugins/snow-monkey-forms/dist/js/app.js?ver=1701312000" id="snow-monkey-forms-js"></script>"""


def smf_site(fields, page="contact.html", entry="/contact/"):
    return {
        "session_cookie": "_snow-monkey-forms-token",
        "forms": {"contact": form_spec(fields, csrf_field="_snow-monkey-forms-token",
                                       exclude_from_echo=["snow-monkey-forms-meta[formid]"])},
        "routes": [
            {"path": entry, "page": page},
            # Without the script the browser posts to the page, which simply shows it again.
            {"path": entry, "method": "POST", "page": page},
            {"path": "/wp-json/snow-monkey-form/v1/view", "method": "POST", "submit": {
                "form": "contact", "step_field": "snow-monkey-forms-meta[method]",
                "step_values": {"input": "input", "back": "back", "confirm": "confirm",
                                "complete": "final"},
                "response": "smf_json"}},
        ],
    }


name = "smf-basic"
fields = [
    F("company", "company_name", label="会社名"),
    F("fullname", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("tel", "phone", label="電話番号"),
    F("message", "message", True, label="お問い合わせ内容"),
]
items = "\n".join([
    smf_item("会社名", smf_text("company")),
    smf_item("お名前", smf_text("fullname"), True),
    smf_item("メールアドレス", smf_text("email", "email"), True),
    smf_item("電話番号", smf_text("tel", "tel"), description="日中つながりやすい番号をご記入ください"),
    smf_item("お問い合わせ内容", smf_textarea("message"), True),
])
Case(name, "snow_monkey_forms", "Snow Monkey Forms: the form is plain HTML but is sent by the "
     "plugin's script as multipart to /wp-json/snow-monkey-form/v1/view with "
     "snow-monkey-forms-meta[method]=complete and the cookie-bound token; posting to the page "
     "itself sends nothing.", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", smf_page(1203, items), theme="snow-monkey")},
     smf_site(fields), fields)

name = "smf-refusal"
fields = [
    F("fullname", "full_name", True, label="お名前"),
    F("email", "email", True, label="メールアドレス"),
    F("message", "message", True, label="お問い合わせ内容"),
]
items = "\n".join([
    smf_item("お名前", smf_text("fullname"), True),
    smf_item("メールアドレス", smf_text("email", "email"), True),
    smf_item("お問い合わせ内容", smf_textarea("message"), True,
             description="※営業・勧誘を目的としたお問い合わせはお断りいたします。"),
])
Case(name, "refusal", "Snow Monkey Forms with the refusal in the message field's description "
     "(smf-item__description).", "/contact/",
     {"contact.html": wp(name, "お問い合わせ", smf_page(88, items), theme="snow-monkey")},
     smf_site(fields), fields, verdict="prohibited", outcome="skipped",
     code="PROHIBITION_DETECTED")
