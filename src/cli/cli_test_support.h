#pragma once
// Runs the formsender binary in a temporary data directory (process-level CLI tests).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/crypto.h"
#include "common/subprocess.h"

namespace formsender::cli {

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("FORMSENDER_BINARY");
    ASSERT_NE(bin, nullptr) << "FORMSENDER_BINARY not set";
    binary_ = bin;
    const char* src = std::getenv("FORMSENDER_SOURCE_DIR");
    ASSERT_NE(src, nullptr) << "FORMSENDER_SOURCE_DIR not set";
    source_dir_ = src;
    dir_ = std::filesystem::temp_directory_path() / ("fs-cli-" + RandomHexToken(6));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs the binary with FORMSENDER_DATA_DIR in the temp dir and `env` added.
  CommandResult Run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), binary_);
    CommandOptions options;
    options.env = std::move(env);
    options.env["FORMSENDER_DATA_DIR"] = (dir_ / "data").string();
    for (const char* name : {"FORMSENDER_DATABASE_URL", "FORMSENDER_CONFIG"}) {
      if (!options.env.count(name)) options.env[name] = kUnsetEnv;
    }
    auto r = RunCommand(args, options);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CommandResult{};
  }

  std::string binary_;
  std::filesystem::path source_dir_;
  std::filesystem::path dir_;
};

}  // namespace formsender::cli
