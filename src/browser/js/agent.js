// formsender's helper inside one frame, in an isolated script world (page scripts share the
// DOM with it but not its globals, so they never see it and cannot tamper with it).
// dom_agent.cc evaluates this file as an expression and calls the function with the document
// index to use if this document has none yet; the function returns the index in use.
(function (docIndex) {
  'use strict';
  if (globalThis.__fs) return globalThis.__fs.doc;

  const byId = new Map();
  const ids = new WeakMap();
  let next = 1;
  let lastMutation = performance.now();
  new MutationObserver(() => { lastMutation = performance.now(); })
      .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});

  function idOf(node) {
    let id = ids.get(node);
    if (!id) {
      id = docIndex + '.' + (next++);
      ids.set(node, id);
      byId.set(id, new WeakRef(node));
    }
    return id;
  }
  function find(id) {
    const ref = byId.get(id);
    const node = ref && ref.deref();
    return node && node.isConnected ? node : null;
  }

  // ---- serialization -------------------------------------------------------------------
  const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame',
                        'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source',
                        'track', 'wbr']);
  const RAW = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext',
                       'noscript']);
  const MARKED = new Set(['input', 'select', 'textarea', 'button', 'a', 'label', 'form',
                          'iframe', 'frame']);
  const OURS = new Set(['data-fs-id', 'data-fs-visible']);

  function escText(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        .replace(/\u00a0/g, '&nbsp;');
  }
  function escAttr(s) {
    return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');
  }
  function isVisible(el) {
    if (!el.isConnected) return false;
    if (typeof el.checkVisibility === 'function' &&
        !el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true})) {
      return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function isCheckable(el) {
    return el.localName === 'input' && (el.type === 'checkbox' || el.type === 'radio');
  }

  function openTag(el) {
    const name = el.localName;
    let out = '<' + name;
    const live = new Map();  // attribute name -> value (null: omit) taken from live state
    if (name === 'input') {
      if (isCheckable(el)) live.set('checked', el.checked ? '' : null);
      else if (el.type !== 'file') live.set('value', el.value);
    } else if (name === 'option') {
      live.set('selected', el.selected ? '' : null);
    }
    for (const a of el.attributes) {
      if (OURS.has(a.name) || live.has(a.name)) continue;
      out += ' ' + a.name + '="' + escAttr(a.value) + '"';
    }
    for (const [k, v] of live) if (v !== null) out += ' ' + k + '="' + escAttr(v) + '"';
    out += ' data-fs-id="' + idOf(el) + '"';
    if (MARKED.has(name) || el.getAttribute('role') === 'button') {
      out += ' data-fs-visible="' + (isVisible(el) ? '1' : '0') + '"';
    }
    return out + '>';
  }

  function serialize(maxChars) {
    const parts = [];
    let size = 0;
    let truncated = false;
    const push = (s) => { parts.push(s); size += s.length; };
    const dt = document.doctype;
    if (dt) {
      let s = '<!DOCTYPE ' + dt.name;
      if (dt.publicId) s += ' PUBLIC "' + dt.publicId + '"';
      if (dt.systemId) s += (dt.publicId ? '' : ' SYSTEM') + ' "' + dt.systemId + '"';
      push(s + '>');
    }
    // Iterative walk: pages can nest deeper than the JS stack allows.
    const stack = [];
    for (let c = document.lastChild; c; c = c.previousSibling) stack.push(c);
    while (stack.length) {
      if (size > maxChars) { truncated = true; break; }
      const node = stack.pop();
      if (typeof node === 'string') { push(node); continue; }
      switch (node.nodeType) {
        case Node.ELEMENT_NODE: {
          const name = node.localName;
          push(openTag(node));
          if (VOID.has(name)) break;
          stack.push('</' + name + '>');
          if (name === 'textarea') {
            const v = node.value;
            push((v.startsWith('\n') ? '\n' : '') + escText(v));
            break;
          }
          const holder = name === 'template' ? node.content : node;
          for (let c = holder.lastChild; c; c = c.previousSibling) stack.push(c);
          break;
        }
        case Node.TEXT_NODE: {
          const p = node.parentNode;
          const raw = p && p.nodeType === Node.ELEMENT_NODE && RAW.has(p.localName);
          push(raw ? node.data : escText(node.data));
          break;
        }
        case Node.COMMENT_NODE:
          push('<!--' + node.data + '-->');
          break;
        default:
          break;
      }
    }
    return {html: parts.join(''), title: document.title, truncated};
  }

  // ---- filling ---------------------------------------------------------------------------
  const TEXT_TYPES = new Set(['text', 'email', 'tel', 'url', 'search', 'number', 'password', '']);
  // Types whose value is picked, not typed: set directly, listeners told by input/change.
  const PICKED_TYPES = new Set(['date', 'datetime-local', 'month', 'week', 'time', 'color',
                                'range']);

  function need(id) {
    const el = find(id);
    if (!el) throw new Error('element ' + id + ' is not in the page any more');
    return el;
  }
  function blocked(el) {
    if (el.disabled) return 'element is disabled';
    if (el.readOnly) return 'element is read-only';
    return '';
  }
  function valueOf(el) {
    if (el.localName === 'input' || el.localName === 'textarea' || el.localName === 'select') {
      return el.value;
    }
    return el.isContentEditable ? el.innerText : '';
  }
  function fire(el, type) {
    el.dispatchEvent(new Event(type, {bubbles: true, composed: true}));
  }
  function center(el) {
    el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0 || !isVisible(el)) return null;
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
  }
  function firstVisibleLabel(el) {
    for (const l of el.labels || []) if (isVisible(l)) return l;
    return null;
  }

  const api = {
    doc: docIndex,
    idOf,
    find,
    serialize,
    quietMs: () => performance.now() - lastMutation,

    // Focuses a text control and selects its content, so inserted text replaces it.
    focusText(id) {
      const el = need(id);
      const tag = el.localName;
      const picked = tag === 'input' && PICKED_TYPES.has(el.type);
      const textLike = tag === 'textarea' || (tag === 'input' && TEXT_TYPES.has(el.type)) ||
                       el.isContentEditable || picked;
      if (!textLike) {
        return {error: 'element ' + id + ' (' + tag + (el.type ? ' type=' + el.type : '') +
                       ') does not take text'};
      }
      const why = blocked(el);
      if (why) return {error: 'element ' + id + ': ' + why};
      el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
      el.focus({preventScroll: true});
      if (picked) return {focused: true, picked: true, value: valueOf(el)};
      const focused = document.activeElement === el || el.contains(document.activeElement);
      try {
        if (el.isContentEditable) {
          const range = document.createRange();
          range.selectNodeContents(el);
          const sel = getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        } else {
          el.select();
        }
      } catch (e) { /* types without selection: cleared by clearText when needed */ }
      return {focused, value: valueOf(el)};
    },
    // Empties a control the way a user deleting its content would be seen by listeners.
    clearText(id) {
      const el = need(id);
      if (el.isContentEditable) el.textContent = '';
      else el.value = '';
      el.dispatchEvent(new InputEvent('input', {bubbles: true, composed: true,
                                                inputType: 'deleteContentBackward'}));
      return valueOf(el);
    },
    setValue(id, v) {
      const el = need(id);
      el.value = v;
      fire(el, 'input');
      fire(el, 'change');
      return valueOf(el);
    },
    // Leaves the control: the browser fires change (and blur/focusout validation runs).
    finishText(id) {
      const el = need(id);
      if (document.activeElement === el) el.blur();
      return valueOf(el);
    },
    value(id) { return valueOf(need(id)); },

    selectOption(id, optionId, wanted) {
      const el = need(id);
      if (el.localName !== 'select') return {error: 'element ' + id + ' is not a <select>'};
      if (el.disabled) return {error: 'element ' + id + ': element is disabled'};
      let opt = null;
      if (optionId) {
        opt = find(optionId);
        if (!opt || opt.localName !== 'option' || !el.contains(opt)) {
          return {error: 'option ' + optionId + ' is not an option of ' + id};
        }
      } else {
        const options = Array.from(el.options);
        opt = options.find((o) => o.value === wanted) ||
              options.find((o) => o.textContent.trim() === wanted.trim()) || null;
        if (!opt) return {error: 'no option of ' + id + ' has the value or label "' + wanted + '"'};
      }
      if (opt.disabled) return {error: 'option ' + idOf(opt) + ' is disabled'};
      el.focus({preventScroll: true});
      const changed = !opt.selected;
      if (changed) {
        opt.selected = true;
        fire(el, 'input');
        fire(el, 'change');
      }
      el.blur();
      return {value: el.value, selected: opt.selected, changed};
    },

    checked(id) { return !!need(id).checked; },
    // For a checkable control: where to click (the control, else its first visible label),
    // in this frame's viewport, and whether nothing covers that point.
    clickTargetFor(id) {
      const el = need(id);
      if (!isCheckable(el)) return {error: 'element ' + id + ' is not a checkbox or radio button'};
      if (el.disabled) return {error: 'element ' + id + ': element is disabled'};
      const own = center(el);
      if (own) return {targetId: id, via: 'mouse', hit: hitOk(el, own)};
      const label = firstVisibleLabel(el);
      if (label) {
        const p = center(label);
        if (p) return {targetId: idOf(label), via: 'label', hit: hitOk(label, p)};
      }
      return {targetId: id, via: 'js_click', hit: false};
    },
    // Arms a one-shot listener recording whether `id` receives the next click, and says whether
    // a mouse click at its center would reach it.
    armClick(id) {
      const el = need(id);
      el.__fsClicked = false;
      el.addEventListener('click', () => { el.__fsClicked = true; }, {capture: true, once: true});
      const p = center(el);
      return {visible: !!p, hit: !!p && hitOk(el, p), disabled: !!el.disabled};
    },
    clickSeen(id) { const el = find(id); return !!(el && el.__fsClicked); },
    jsClick(id) { need(id).click(); return true; },
    // Last resort for custom controls that swallow clicks: set the state and tell listeners.
    setChecked(id, wanted) {
      const el = need(id);
      el.checked = wanted;
      fire(el, 'input');
      fire(el, 'change');
      return el.checked;
    },
  };
  function hitOk(el, p) {
    const hit = document.elementFromPoint(p.x, p.y);
    if (!hit) return false;
    if (hit === el || el.contains(hit)) return true;
    // A click on a control's label reaches the control.
    return Array.from(el.labels || []).some((l) => l === hit || l.contains(hit));
  }

  Object.defineProperty(globalThis, '__fs', {value: api, enumerable: false});
  return docIndex;
})
