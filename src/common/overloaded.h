#pragma once
// Overloaded{[](int) {...}, [](const std::string&) {...}}: one visitor for std::visit built
// from lambdas, one per alternative.

namespace formsender {

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace formsender
