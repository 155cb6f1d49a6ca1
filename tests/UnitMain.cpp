// Runs one CppUnit test by name ("Suite::test"), or all of them without an argument.
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/Test.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <iostream>
#include <memory>

static CppUnit::Test *findTest(CppUnit::Test *t, const std::string &name) {
  if (t->getName() == name)
    return t;
  for (int i = 0; i < t->getChildTestCount(); ++i)
    if (CppUnit::Test *found = findTest(t->getChildTestAt(i), name))
      return found;
  return nullptr;
}

int main(int argc, char **argv) {
  std::unique_ptr<CppUnit::Test> all(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
  CppUnit::Test *test = argc > 1 ? findTest(all.get(), argv[1]) : all.get();
  if (!test) {
    std::cerr << "no such test: " << argv[1] << "\n";
    return 2;
  }
  CppUnit::TestResult controller;
  CppUnit::TestResultCollector result;
  controller.addListener(&result);
  CppUnit::BriefTestProgressListener progress;
  controller.addListener(&progress);
  test->run(&controller);
  CppUnit::CompilerOutputter out(&result, std::cerr);
  out.write();
  return result.wasSuccessful() ? 0 : 1;
}
