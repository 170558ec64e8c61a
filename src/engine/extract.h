#pragma once
// Finds every form of a page (and form-less groups of controls) and describes each control
// with its labels, required markers and visibility: the input of classification.

#include <vector>

#include "engine/dom.h"
#include "engine/form_model.h"

namespace formsender::engine {

// Forms in document order: every <form>, then pseudo-forms (containers holding a textarea or
// an email input and a button, outside any <form>).
std::vector<FormModel> ExtractForms(const Document& doc);

// Strips required/optional markers (必須, 任意, *, ※, (必須), [required]) and surrounding
// punctuation from a label text.
std::string CleanLabel(std::string_view text);

}  // namespace formsender::engine
