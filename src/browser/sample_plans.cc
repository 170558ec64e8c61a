// Fill plans for the sample forms, found by field name in a rendered snapshot (as the engine
// would find them by analysis).

#include "browser/sample_forms.h"
#include "browser/testing.h"

namespace formsender::browser {

Result<std::string> FindInSnapshot(const PageSnapshot& snapshot, std::string_view attribute,
                                   std::string_view value) {
  for (const auto& frame : snapshot.frames) {
    auto id = FindIdByAttribute(frame.html, attribute, value);
    if (id.ok()) return id;
  }
  return Status::NotFound("no element with " + std::string(attribute) + "=\"" + std::string(value) +
                          "\" in any frame of " + snapshot.url);
}

Result<FillPlan> SamplePlan(SampleForm form, const PageSnapshot& snapshot, const SampleSender& s) {
  FillPlan plan;
  auto text = [&](std::string_view name, const std::string& value) -> Status {
    FS_ASSIGN_OR_RETURN(std::string id, FindInSnapshot(snapshot, "name", name));
    plan.actions.push_back({id, FillKind::kText, value});
    return Status::Ok();
  };
  auto kind = [&](std::string_view attr, std::string_view value, FillKind k,
                  std::string v = "") -> Status {
    FS_ASSIGN_OR_RETURN(std::string id, FindInSnapshot(snapshot, attr, value));
    plan.actions.push_back({id, k, std::move(v)});
    return Status::Ok();
  };
  switch (form) {
    case SampleForm::kReact: {
      FS_RETURN_IF_ERROR(text("company", s.company));
      FS_RETURN_IF_ERROR(text("name", s.name));
      FS_RETURN_IF_ERROR(text("email", s.email));
      FS_RETURN_IF_ERROR(kind("name", "category", FillKind::kSelect, "営業・ご提案"));
      FS_RETURN_IF_ERROR(text("message", s.message));
      FS_RETURN_IF_ERROR(kind("id", "contact-email", FillKind::kRadio));
      FS_RETURN_IF_ERROR(kind("name", "agree", FillKind::kCheck));
      for (const auto& frame : snapshot.frames) {
        auto button = FindIdByText(frame.html, "button", "送信する");
        if (button.ok()) plan.submit_element_id = *button;
      }
      break;
    }
    case SampleForm::kWidget: {
      FS_RETURN_IF_ERROR(text("company", s.company));
      FS_RETURN_IF_ERROR(text("name", s.name));
      FS_RETURN_IF_ERROR(text("email", s.email));
      FS_RETURN_IF_ERROR(text("tel", s.tel));
      FS_RETURN_IF_ERROR(text("body", s.message));
      FS_RETURN_IF_ERROR(kind("name", "privacy", FillKind::kCheck));
      FS_ASSIGN_OR_RETURN(plan.submit_element_id, FindInSnapshot(snapshot, "type", "submit"));
      break;
    }
    case SampleForm::kToken: {
      FS_RETURN_IF_ERROR(text("company", s.company));
      FS_RETURN_IF_ERROR(text("name", s.name));
      FS_RETURN_IF_ERROR(text("email", s.email));
      FS_RETURN_IF_ERROR(text("tel", s.tel));
      FS_RETURN_IF_ERROR(text("subject", s.subject));
      FS_RETURN_IF_ERROR(text("message", s.message));
      FS_ASSIGN_OR_RETURN(plan.submit_element_id, FindInSnapshot(snapshot, "value", "confirm"));
      break;
    }
    case SampleForm::kCf7: {
      FS_RETURN_IF_ERROR(text("your-company", s.company));
      FS_RETURN_IF_ERROR(text("your-name", s.name));
      FS_RETURN_IF_ERROR(text("your-email", s.email));
      FS_RETURN_IF_ERROR(text("your-subject", s.subject));
      FS_RETURN_IF_ERROR(text("your-message", s.message));
      FS_RETURN_IF_ERROR(kind("name", "acceptance-1", FillKind::kCheck));
      FS_ASSIGN_OR_RETURN(plan.submit_element_id, FindInSnapshot(snapshot, "type", "submit"));
      break;
    }
  }
  if (plan.submit_element_id.empty()) {
    return Status::NotFound("no submit button on the " + std::string(SampleFormName(form)) +
                            " sample page");
  }
  return plan;
}

Result<FillPlan> SampleConfirmPlan(const PageSnapshot& snapshot) {
  FillPlan plan;
  FS_ASSIGN_OR_RETURN(plan.submit_element_id,
                      FindIdByText(snapshot.main_frame().html, "button", "送信する"));
  return plan;
}

}  // namespace formsender::browser
