"""Builders for the recurring parts of cases: server rules from expected fields, and the
markup and site.json of the common form systems (Contact Form 7, MW WP Form, PHP scripts)."""
from lib import F


def rules(fields, email_name=None):
    """Server-side rules a typical script would apply to these fields."""
    out = {}
    email = email_name or next((f.name for f in fields
                                if f.category == "email" and f.part is None), None)
    for f in fields:
        r = {}
        if f.label:
            r["label"] = f.label
        if f.required:
            r["required"] = True
        c, v = f.category, f.value
        if c == "email" and f.part is None:
            r["format"] = "email"
        elif c == "email_confirm" and f.part is None and email:
            r["equals"] = email
        elif c == "phone" and v is not None:
            r["format"] = "tel_digits" if f.style == "digits" else "tel"
        elif c in ("phone_1", "phone_2", "phone_3") and f.style != "zenkaku":
            r["format"] = "digits"
        elif c == "postal_code" and f.style != "zenkaku":
            r["format"] = "postal_digits" if f.style == "digits" else "postal"
        elif c == "postal_code_1" and f.style != "zenkaku":
            r.update(format="digits", length=3)
        elif c == "postal_code_2" and f.style != "zenkaku":
            r.update(format="digits", length=4)
        elif c in ("full_name_kana", "last_name_kana", "first_name_kana",
                   "company_name_kana") and \
                f.style != "hankaku_kana":
            r["format"] = f.kana_script
        r.update(f.rule)
        if r and (len(r) > 1 or "label" not in r):
            out[f.name] = r
    return out


def form_spec(fields, honeypots=(), **extra):
    spec = {"fields": rules(fields)}
    if honeypots:
        spec["honeypots"] = list(honeypots)
    spec.update(extra)
    return spec


# ---------------------------------------------------------------------------------------------
# Contact Form 7.

CF7_MESSAGES = {
    "sent": "ありがとうございます。メッセージは送信されました。",
    "invalid": "入力内容に問題があります。確認して再度お試しください。",
    "spam": "メッセージの送信に失敗しました。後でまたお試しください。",
}

CF7_ERROR = '<span class="wpcf7-not-valid-tip" aria-hidden="true">{message}</span>'


def cf7_form(form_id, post_id, inner, action_path="/contact/", aria="コンタクトフォーム",
             version="5.8.4", extra_hidden=""):
    unit = f"wpcf7-f{form_id}-p{post_id}-o1"
    return f"""<div class="wpcf7 no-js" id="{unit}" lang="ja" dir="ltr">
<div class="screen-reader-response"><p role="status" aria-live="polite" aria-atomic="true"></p> <ul></ul></div>
<form action="{action_path}#{unit}" method="post" class="wpcf7-form {{{{state}}}}" aria-label="{aria}" novalidate="novalidate" data-status="{{{{state}}}}">
<div style="display: none;">
<input type="hidden" name="_wpcf7" value="{form_id}" />
<input type="hidden" name="_wpcf7_version" value="{version}" />
<input type="hidden" name="_wpcf7_locale" value="ja" />
<input type="hidden" name="_wpcf7_unit_tag" value="{unit}" />
<input type="hidden" name="_wpcf7_container_post" value="{post_id}" />
<input type="hidden" name="_wpcf7_posted_data_hash" value="" />
{extra_hidden}</div>
{inner}
<div class="wpcf7-response-output" aria-hidden="true">{{{{message}}}}</div>
</form>
</div>"""


CF7_SCRIPT = """<script id="contact-form-7-js-extra">
var wpcf7 = {"api":{"root":"\\/wp-json\\/","namespace":"contact-form-7\\/v1"}};
</script>
<script src="/wp-content/plugins/contact-form-7/includes/js/index.js?ver=5.8.4" id="contact-form-7-js"></script>
"""


def cf7_site(form_id, post_id, fields, page="contact.html", entry="/contact/", honeypots=(),
             extra_form=None, extra_routes=(), messages=None, json_only=False):
    unit = f"wpcf7-f{form_id}-p{post_id}-o1"
    form = form_spec(fields, honeypots, hidden={"_wpcf7": str(form_id), "_wpcf7_unit_tag": unit},
                     error_format=CF7_ERROR)
    if extra_form:
        form.update(extra_form)
    html_submit = {"form": "contact", "step": "final", "response": "html", "on_final": page,
                   "on_error": page, "messages": dict(CF7_MESSAGES)}
    json_submit = {"form": "contact", "step": "final", "response": "cf7_json"}
    if messages:
        html_submit["messages"].update(messages)
        json_submit["messages"] = messages
    routes = [{"path": entry, "page": page}]
    if not json_only:
        routes.append({"path": entry, "method": "POST", "submit": html_submit})
    routes.append({"path": f"/wp-json/contact-form-7/v1/contact-forms/{form_id}/feedback",
                   "method": "POST", "submit": json_submit})
    routes.extend(extra_routes)
    return {"forms": {"contact": form}, "routes": routes}


def cf7_text(name, label, required=False, kind="text", placeholder="", autocomplete="",
             size=40, extra=""):
    classes = f"wpcf7-form-control wpcf7-{'text' if kind in ('text','email','tel','url') else kind}"
    if kind == "email":
        classes += " wpcf7-email"
    if kind == "tel":
        classes += " wpcf7-tel"
    if required:
        classes += " wpcf7-validates-as-required"
    if kind in ("email", "tel", "url"):
        classes += f" wpcf7-validates-as-{kind}"
    req = ' aria-required="true"' if required else ""
    ph = f' placeholder="{placeholder}"' if placeholder else ""
    ac = f' autocomplete="{autocomplete}"' if autocomplete else ""
    return (f'<span class="wpcf7-form-control-wrap" data-name="{name}"><input size="{size}" '
            f'class="{classes}"{ac}{req} aria-invalid="false"{ph} value="" type="{kind}" '
            f'name="{name}"{extra} />{{{{error:{name}}}}}</span>')


def cf7_textarea(name, required=False, placeholder="", maxlength=None):
    classes = "wpcf7-form-control wpcf7-textarea"
    if required:
        classes += " wpcf7-validates-as-required"
    req = ' aria-required="true"' if required else ""
    ph = f' placeholder="{placeholder}"' if placeholder else ""
    ml = f' maxlength="{maxlength}"' if maxlength else ""
    return (f'<span class="wpcf7-form-control-wrap" data-name="{name}"><textarea cols="40" '
            f'rows="10"{ml} class="{classes}"{req} aria-invalid="false"{ph} name="{name}">'
            f'</textarea>{{{{error:{name}}}}}</span>')


def cf7_submit(value="送信"):
    return (f'<input class="wpcf7-form-control wpcf7-submit has-spinner" type="submit" '
            f'value="{value}" />')


def cf7_acceptance(name, text, required=True):
    opt = "" if required else " optional"
    return (f'<span class="wpcf7-form-control-wrap" data-name="{name}"><span class="wpcf7-form-control '
            f'wpcf7-acceptance{opt}"><span class="wpcf7-list-item"><label><input type="checkbox" '
            f'name="{name}" value="1" aria-invalid="false" /><span class="wpcf7-list-item-label">'
            f'{text}</span></label></span></span>{{{{error:{name}}}}}</span>')


def cf7_choice(name, kind, options, required=False, use_label_element=True):
    items = []
    for i, opt in enumerate(options):
        cls = "wpcf7-list-item" + (" first" if i == 0 else "") + (
            " last" if i == len(options) - 1 else "")
        inp = f'<input type="{kind}" name="{name}" value="{opt}" />'
        lab = f'<span class="wpcf7-list-item-label">{opt}</span>'
        items.append(f'<span class="{cls}"><label>{inp}{lab}</label></span>' if use_label_element
                     else f'<span class="{cls}">{inp}{lab}</span>')
    req = " wpcf7-validates-as-required" if required else ""
    return (f'<span class="wpcf7-form-control-wrap" data-name="{name.rstrip("[]")}"><span '
            f'class="wpcf7-form-control wpcf7-{kind}{req}">{"".join(items)}</span>'
            f'{{{{error:{name}}}}}</span>')


def cf7_select(name, options, required=False, first_as_label=None):
    req = " wpcf7-validates-as-required" if required else ""
    aria = ' aria-required="true"' if required else ""
    opts = ""
    if first_as_label:
        opts += f'<option value="">{first_as_label}</option>'
    opts += "".join(f'<option value="{o}">{o}</option>' for o in options)
    return (f'<span class="wpcf7-form-control-wrap" data-name="{name}"><select class="wpcf7-form-'
            f'control wpcf7-select{req}"{aria} aria-invalid="false" name="{name}">{opts}</select>'
            f'{{{{error:{name}}}}}</span>')


# ---------------------------------------------------------------------------------------------
# MW WP Form.

def mw_form(inner, form_id, screen="input"):
    return f"""<div id="mw_wp_form_mw-wp-form-{form_id}" class="mw_wp_form mw_wp_form_{screen}">
<form method="post" action="" enctype="multipart/form-data">
{inner}
<input type="hidden" name="mw-wp-form-form-id" value="{form_id}" />
<input type="hidden" id="mw_wp_form_token" name="mw_wp_form_token" value="{{{{csrf_token}}}}" />
<input type="hidden" name="_wp_http_referer" value="/contact/" />
</form>
<!-- end .mw_wp_form --></div>"""


MW_ERROR = '<span class="error">{message}</span>'


def mw_site(form_id, fields, entry="/contact/", page="contact.html", confirm="confirm.html",
            complete="complete.html", honeypots=(), extra_form=None):
    form = form_spec(fields, honeypots, csrf_field="mw_wp_form_token",
                     hidden={"mw-wp-form-form-id": str(form_id)}, error_format=MW_ERROR,
                     exclude_from_echo=["mw-wp-form-form-id", "_wp_http_referer"])
    if extra_form:
        form.update(extra_form)
    return {
        "session_cookie": "PHPSESSID",
        "forms": {"contact": form},
        "routes": [
            {"path": entry, "page": page},
            {"path": entry, "method": "POST", "submit": {
                "form": "contact",
                "step_buttons": {"submitConfirm": "confirm", "submitBack": "back",
                                 "submit": "final"},
                "default_step": "confirm",
                "on_input": page, "on_error": page, "on_confirm": confirm,
                "on_final": {"redirect": entry + "complete/"}}},
            {"path": entry + "complete/", "page": complete},
        ],
    }
