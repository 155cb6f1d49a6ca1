// Pins the semantic errors of the scenario front end byte for byte: unknown attributes and
// callbacks, duplicate and undeclared names, argument counts and types, recursion,
// environment statements outside threads, finally restrictions, expect/suppress lines,
// device, queue, parent, return and event rules. Each test gives one malformed input and
// every rendered diagnostic it must produce, in order.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "TestUtil.hpp"

class SemaErrorsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SemaErrorsTest);
  CPPUNIT_TEST(unknownQueueAttribute);
  CPPUNIT_TEST(unknownDeviceAttribute);
  CPPUNIT_TEST(unknownDriverAttribute);
  CPPUNIT_TEST(unknownFileObjectAttribute);
  CPPUNIT_TEST(fileObjectOutsideDevice);
  CPPUNIT_TEST(attributeGivenTwice);
  CPPUNIT_TEST(queueWithoutDispatchType);
  CPPUNIT_TEST(unknownDispatchType);
  CPPUNIT_TEST(unknownExecutionLevel);
  CPPUNIT_TEST(synchronizationScopeIsNotANumber);
  CPPUNIT_TEST(boolAttributeNeedsTrueOrFalse);
  CPPUNIT_TEST(boolAttributeRejectsOtherWords);
  CPPUNIT_TEST(intAttributeNeedsAConstant);
  CPPUNIT_TEST(negativeNumberOfPresentedRequests);
  CPPUNIT_TEST(spinLockAttributeNamesAWaitLock);
  CPPUNIT_TEST(unknownParent);
  CPPUNIT_TEST(lockCannotBeAParent);
  CPPUNIT_TEST(objectIsItsOwnParent);
  CPPUNIT_TEST(parentMustBeAName);
  CPPUNIT_TEST(parentCycleReportsEachObjectOnIt);
  CPPUNIT_TEST(callbackOfAnotherObjectKind);
  CPPUNIT_TEST(misspelledCallback);
  CPPUNIT_TEST(driverHasNoCallbacks);
  CPPUNIT_TEST(cancelRoutineIsNotDeclaredOnTheQueue);
  CPPUNIT_TEST(callbackGivenTwice);
  CPPUNIT_TEST(callbackBoundToUndeclaredFunction);
  CPPUNIT_TEST(callbackBoundToSharedVariable);
  CPPUNIT_TEST(boundFunctionMustNotHaveParameters);
  CPPUNIT_TEST(isrBoundToVoidFunction);
  CPPUNIT_TEST(workItemBoundToBoolFunction);
  CPPUNIT_TEST(duplicateObjectName);
  CPPUNIT_TEST(lockAndSharedVariableShareAName);
  CPPUNIT_TEST(duplicateFunction);
  CPPUNIT_TEST(threadNameClashesWithSharedVariable);
  CPPUNIT_TEST(requestNameUsedTwice);
  CPPUNIT_TEST(predefinedConstantCannotBeRedefined);
  CPPUNIT_TEST(twoDevices);
  CPPUNIT_TEST(missingDevice);
  CPPUNIT_TEST(driverBlockGivenTwice);
  CPPUNIT_TEST(requestFieldDeclaredTwice);
  CPPUNIT_TEST(localVariableRedefined);
  CPPUNIT_TEST(parameterDeclaredTwice);
  CPPUNIT_TEST(boolInitializedWithInt);
  CPPUNIT_TEST(sharedRequestInitializedWithZero);
  CPPUNIT_TEST(sharedInitializerMustBeAConstant);
  CPPUNIT_TEST(tooManyArrayInitializers);
  CPPUNIT_TEST(requestFieldBoolInitializedWithInt);
  CPPUNIT_TEST(unknownEventType);
  CPPUNIT_TEST(eventSignaledNeedsTrueOrFalse);
  CPPUNIT_TEST(unknownEventAttribute);
  CPPUNIT_TEST(eventAttributeGivenTwice);
  CPPUNIT_TEST(undeclaredNameInExpression);
  CPPUNIT_TEST(undeclaredNameAssigned);
  CPPUNIT_TEST(unknownFrameworkCall);
  CPPUNIT_TEST(callingALock);
  CPPUNIT_TEST(requestNotAvailableInCalledFunction);
  CPPUNIT_TEST(requestNotAvailableInWorkItem);
  CPPUNIT_TEST(fileCleanupHasNoRequest);
  CPPUNIT_TEST(environmentRequestUsedAsValue);
  CPPUNIT_TEST(threadUsedAsValue);
  CPPUNIT_TEST(frameworkCallWithTooManyArguments);
  CPPUNIT_TEST(frameworkCallWithOptionalArgumentGetsNone);
  CPPUNIT_TEST(waitLockPassedToSpinLockCall);
  CPPUNIT_TEST(queuePassedAsStatus);
  CPPUNIT_TEST(intPassedAsRequest);
  CPPUNIT_TEST(requestForwardedToAWorkItem);
  CPPUNIT_TEST(objectLockOnASpinLock);
  CPPUNIT_TEST(interlockedOnLocal);
  CPPUNIT_TEST(interlockedIncrementOnRequest);
  CPPUNIT_TEST(functionCallWithTooFewArguments);
  CPPUNIT_TEST(functionArgumentOfWrongType);
  CPPUNIT_TEST(handlePassedToIntParameter);
  CPPUNIT_TEST(statusTakesOneArgument);
  CPPUNIT_TEST(keGetCurrentIrqlTakesNoArgument);
  CPPUNIT_TEST(ntSuccessOfARequest);
  CPPUNIT_TEST(keWaitWithNonZeroTimeout);
  CPPUNIT_TEST(tryAcquireOnDirqlInterrupt);
  CPPUNIT_TEST(cancelRoutineMustBeAFunction);
  CPPUNIT_TEST(cancelRoutineMustReturnNothing);
  CPPUNIT_TEST(synchronizeRoutineMustNotHaveParameters);
  CPPUNIT_TEST(synchronizeRoutineMustReturnBool);
  CPPUNIT_TEST(handleUsedAsValue);
  CPPUNIT_TEST(voidCallUsedAsValue);
  CPPUNIT_TEST(requestInitializedFromInt);
  CPPUNIT_TEST(requestAssignedToBool);
  CPPUNIT_TEST(requestInArithmetic);
  CPPUNIT_TEST(incrementOfRequest);
  CPPUNIT_TEST(compoundAssignmentOfRequest);
  CPPUNIT_TEST(negatedRequest);
  CPPUNIT_TEST(conditionalBranchesDiffer);
  CPPUNIT_TEST(conditionIsAHandle);
  CPPUNIT_TEST(whileConditionReturnsNothing);
  CPPUNIT_TEST(arrayUsedWithoutIndex);
  CPPUNIT_TEST(scalarIndexed);
  CPPUNIT_TEST(constantIndexOutOfBounds);
  CPPUNIT_TEST(requestUsedAsIndex);
  CPPUNIT_TEST(fieldOfAnInt);
  CPPUNIT_TEST(assignmentToConstant);
  CPPUNIT_TEST(assignmentToImplicitRequest);
  CPPUNIT_TEST(assignmentToExpression);
  CPPUNIT_TEST(assignmentToLiteral);
  CPPUNIT_TEST(chooseRangeNeedsConstants);
  CPPUNIT_TEST(chooseRangeTooWide);
  CPPUNIT_TEST(chooseRangeReversed);
  CPPUNIT_TEST(chooseValuesOfDifferentTypes);
  CPPUNIT_TEST(breakOutsideLoop);
  CPPUNIT_TEST(continueOutsideLoop);
  CPPUNIT_TEST(valueReturnedFromVoidCallback);
  CPPUNIT_TEST(valueReturnedFromVoidFunction);
  CPPUNIT_TEST(boolFunctionReturnsNothing);
  CPPUNIT_TEST(isrWithoutReturn);
  CPPUNIT_TEST(returnIntFromRequestFunction);
  CPPUNIT_TEST(returnHandleFromIntFunction);
  CPPUNIT_TEST(directRecursion);
  CPPUNIT_TEST(indirectRecursion);
  CPPUNIT_TEST(recursionInBoundCallback);
  CPPUNIT_TEST(sendInsideCallback);
  CPPUNIT_TEST(openInsideFunction);
  CPPUNIT_TEST(waitInsideFinally);
  CPPUNIT_TEST(unknownRequestKind);
  CPPUNIT_TEST(sendToAWorkItem);
  CPPUNIT_TEST(closeOfUndeclaredFile);
  CPPUNIT_TEST(cancelOfAFile);
  CPPUNIT_TEST(interruptOfADpc);
  CPPUNIT_TEST(statusInsideCallback);
  CPPUNIT_TEST(statusOfASharedVariable);
  CPPUNIT_TEST(finallyCannotWrite);
  CPPUNIT_TEST(finallyCannotCallFunctions);
  CPPUNIT_TEST(finallyCannotUseTheFramework);
  CPPUNIT_TEST(finallyCannotChoose);
  CPPUNIT_TEST(finallyCannotRaiseInterrupts);
  CPPUNIT_TEST(unknownFindingKind);
  CPPUNIT_TEST(cleanTakesNoArguments);
  CPPUNIT_TEST(cleanCannotBeNegated);
  CPPUNIT_TEST(cleanCannotBeSuppressed);
  CPPUNIT_TEST(raceOnALock);
  CPPUNIT_TEST(raceTakesOneLocation);
  CPPUNIT_TEST(lockCycleOnASharedVariable);
  CPPUNIT_TEST(configWithUnknownObjectAndStatus);
  CPPUNIT_TEST(configTakesAtMostTwoArguments);
  CPPUNIT_TEST(deadlockTakesNoArguments);
  CPPUNIT_TEST(suppressedRaceOnUndeclaredName);
  CPPUNIT_TEST(warningsAreKeptNextToErrors);
  CPPUNIT_TEST(ioStopWarningThenError);
  CPPUNIT_TEST(reportsEverySemanticErrorInAFile);
  CPPUNIT_TEST(reportsEveryErrorInOneBody);
  CPPUNIT_TEST(reportsErrorsInEveryBodyKind);
  CPPUNIT_TEST_SUITE_END();

  // Compiles `text` as t.scenario and checks that it is rejected with exactly `expected`:
  // every diagnostic, in order, with its location, source line and caret.
  static void expectErrors(const std::string &text, const std::string &expected) {
    auto c = wdf::test::compile(text);
    CPPUNIT_ASSERT_EQUAL(expected, c->errors);
    CPPUNIT_ASSERT(!c->design);
  }

public:
  // an attribute queues do not have; the message lists the ones they do
  void unknownQueueAttribute() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; Priority = 2; }\n",
                 "t.scenario:2:36: error: unknown attribute 'Priority' for a queue; expected parent, DispatchType, PowerManaged, ExecutionLevel, SynchronizationScope or NumberOfPresentedRequests\n"
                 "queue Q { DispatchType = Parallel; Priority = 2; }\n"
                 "                                   ^\n");
  }

  // DispatchType belongs to queues, not to the device
  void unknownDeviceAttribute() {
    expectErrors("device D { DispatchType = Parallel; }\n",
                 "t.scenario:1:12: error: unknown attribute 'DispatchType' for a device; expected ExecutionLevel, SynchronizationScope or parent\n"
                 "device D { DispatchType = Parallel; }\n"
                 "           ^\n");
  }

  // Period belongs to timers, not to the driver
  void unknownDriverAttribute() {
    expectErrors("driver { Period = 5; }\n"
                 "device D {}\n",
                 "t.scenario:1:10: error: unknown attribute 'Period' for a driver; expected ExecutionLevel, SynchronizationScope or parent\n"
                 "driver { Period = 5; }\n"
                 "         ^\n");
  }

  // FileObject takes only ExecutionLevel and SynchronizationScope
  void unknownFileObjectAttribute() {
    expectErrors("device D { FileObject { AutomaticSerialization = false; } }\n",
                 "t.scenario:1:25: error: unknown attribute 'AutomaticSerialization' for FileObject; expected ExecutionLevel or SynchronizationScope\n"
                 "device D { FileObject { AutomaticSerialization = false; } }\n"
                 "                        ^\n");
  }

  // FileObject attributes on a queue
  void fileObjectOutsideDevice() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; FileObject { ExecutionLevel = Passive; } }\n",
                 "t.scenario:2:36: error: FileObject attributes belong to the device\n"
                 "queue Q { DispatchType = Parallel; FileObject { ExecutionLevel = Passive; } }\n"
                 "                                   ^\n");
  }

  // the same attribute twice in one object
  void attributeGivenTwice() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; DispatchType = Sequential; }\n",
                 "t.scenario:2:36: error: attribute 'DispatchType' is given twice\n"
                 "queue Q { DispatchType = Parallel; DispatchType = Sequential; }\n"
                 "                                   ^\n");
  }

  // DispatchType is required
  void queueWithoutDispatchType() {
    expectErrors("device D {}\n"
                 "queue Q { PowerManaged = false; }\n",
                 "t.scenario:2:7: error: queue 'Q' needs a DispatchType (Sequential, Parallel or Manual)\n"
                 "queue Q { PowerManaged = false; }\n"
                 "      ^\n");
  }

  // a DispatchType value that WDF does not have
  void unknownDispatchType() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Serial; }\n",
                 "t.scenario:2:26: error: expected a DispatchType: Sequential, Parallel or Manual (or WdfIoQueueDispatchSequential, ...)\n"
                 "queue Q { DispatchType = Serial; }\n"
                 "                         ^\n");
  }

  // an ExecutionLevel value that WDF does not have
  void unknownExecutionLevel() {
    expectErrors("device D { ExecutionLevel = High; }\n",
                 "t.scenario:1:29: error: expected an ExecutionLevel: Passive, Dispatch or InheritFromParent (or WdfExecutionLevelPassive, ...)\n"
                 "device D { ExecutionLevel = High; }\n"
                 "                            ^\n");
  }

  // a number for an enumeration
  void synchronizationScopeIsNotANumber() {
    expectErrors("device D { SynchronizationScope = 3; }\n",
                 "t.scenario:1:35: error: expected a SynchronizationScope: Device, Queue, None or InheritFromParent (or WdfSynchronizationScopeDevice, ...)\n"
                 "device D { SynchronizationScope = 3; }\n"
                 "                                  ^\n");
  }

  // 1 for a BOOLEAN attribute
  void boolAttributeNeedsTrueOrFalse() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; PowerManaged = 1; }\n",
                 "t.scenario:2:51: error: expected true or false for PowerManaged\n"
                 "queue Q { DispatchType = Parallel; PowerManaged = 1; }\n"
                 "                                                  ^\n");
  }

  // 'yes' for a BOOLEAN attribute
  void boolAttributeRejectsOtherWords() {
    expectErrors("device D {}\n"
                 "timer T { AutomaticSerialization = yes; EvtTimerFunc { } }\n",
                 "t.scenario:2:36: error: expected true or false for AutomaticSerialization\n"
                 "timer T { AutomaticSerialization = yes; EvtTimerFunc { } }\n"
                 "                                   ^\n");
  }

  // a name that is not a constant for Period
  void intAttributeNeedsAConstant() {
    expectErrors("device D {}\n"
                 "timer T { Period = Fast; }\n",
                 "t.scenario:2:20: error: expected an integer constant for Period\n"
                 "timer T { Period = Fast; }\n"
                 "                   ^\n");
  }

  // NumberOfPresentedRequests below zero
  void negativeNumberOfPresentedRequests() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; NumberOfPresentedRequests = -1; }\n",
                 "t.scenario:2:64: error: NumberOfPresentedRequests must not be negative (0 means unlimited)\n"
                 "queue Q { DispatchType = Parallel; NumberOfPresentedRequests = -1; }\n"
                 "                                                               ^\n");
  }

  // an interrupt's SpinLock must be a spinlock
  void spinLockAttributeNamesAWaitLock() {
    expectErrors("device D {}\n"
                 "waitlock WL;\n"
                 "interrupt I { SpinLock = WL; }\n",
                 "t.scenario:3:26: error: expected the name of a declared spinlock for SpinLock\n"
                 "interrupt I { SpinLock = WL; }\n"
                 "                         ^\n");
  }

  // parent names nothing declared
  void unknownParent() {
    expectErrors("device D {}\n"
                 "workitem W { parent = Nobody; }\n",
                 "t.scenario:2:23: error: unknown parent 'Nobody'; expected a declared object, driver or NULL\n"
                 "workitem W { parent = Nobody; }\n"
                 "                      ^\n");
  }

  // a spinlock is no parent
  void lockCannotBeAParent() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "workitem W { parent = L; }\n",
                 "t.scenario:3:23: error: 'L' is a spinlock and cannot be a parent; expected the device, a queue, a work item, a DPC, a timer or an interrupt\n"
                 "workitem W { parent = L; }\n"
                 "                      ^\n");
  }

  // parent = itself
  void objectIsItsOwnParent() {
    expectErrors("device D {}\n"
                 "workitem W { parent = W; }\n",
                 "t.scenario:2:23: error: an object cannot be its own parent\n"
                 "workitem W { parent = W; }\n"
                 "                      ^\n");
  }

  // a number as the parent
  void parentMustBeAName() {
    expectErrors("device D {}\n"
                 "workitem W { parent = 3; }\n",
                 "t.scenario:2:23: error: expected an object name, driver or NULL as the parent\n"
                 "workitem W { parent = 3; }\n"
                 "                      ^\n");
  }

  // A's parent is B and B's parent is A: both are reported
  void parentCycleReportsEachObjectOnIt() {
    expectErrors("device D {}\n"
                 "workitem A { parent = B; }\n"
                 "workitem B { parent = A; }\n",
                 "t.scenario:2:23: error: the parent chain of 'A' loops back to itself; a parent must be created before its children\n"
                 "workitem A { parent = B; }\n"
                 "                      ^\n"
                 "t.scenario:3:23: error: the parent chain of 'B' loops back to itself; a parent must be created before its children\n"
                 "workitem B { parent = A; }\n"
                 "                      ^\n");
  }

  // a DPC callback on a work item
  void callbackOfAnotherObjectKind() {
    expectErrors("device D {}\n"
                 "workitem W { EvtDpcFunc { } }\n",
                 "t.scenario:2:14: error: 'EvtDpcFunc' is not a callback of a workitem; expected EvtWorkItem\n"
                 "workitem W { EvtDpcFunc { } }\n"
                 "             ^\n");
  }

  // a callback name that does not exist; the message lists the queue's callbacks
  void misspelledCallback() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoReed { } }\n",
                 "t.scenario:2:36: error: 'EvtIoReed' is not a callback of a queue; expected EvtIoDefault, EvtIoRead, EvtIoWrite, EvtIoDeviceControl, EvtIoInternalDeviceControl, EvtIoCanceledOnQueue, EvtIoStop or EvtIoResume\n"
                 "queue Q { DispatchType = Parallel; EvtIoReed { } }\n"
                 "                                   ^\n");
  }

  // EvtDriverUnload is not modelled; the driver block takes no callbacks
  void driverHasNoCallbacks() {
    expectErrors("driver { EvtDriverUnload { } }\n"
                 "device D {}\n",
                 "t.scenario:1:10: error: 'EvtDriverUnload' is not a callback of a driver; it has no callbacks\n"
                 "driver { EvtDriverUnload { } }\n"
                 "         ^\n");
  }

  // EvtRequestCancel is passed to WdfRequestMarkCancelable, not declared
  void cancelRoutineIsNotDeclaredOnTheQueue() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtRequestCancel { } }\n",
                 "t.scenario:2:36: error: 'EvtRequestCancel' is not a callback of a queue; expected EvtIoDefault, EvtIoRead, EvtIoWrite, EvtIoDeviceControl, EvtIoInternalDeviceControl, EvtIoCanceledOnQueue, EvtIoStop or EvtIoResume\n"
                 "queue Q { DispatchType = Parallel; EvtRequestCancel { } }\n"
                 "                                   ^\n");
  }

  // the same callback twice in one object
  void callbackGivenTwice() {
    expectErrors("device D {}\n"
                 "dpc P { EvtDpcFunc { } EvtDpcFunc { } }\n",
                 "t.scenario:2:24: error: callback 'EvtDpcFunc' is given twice\n"
                 "dpc P { EvtDpcFunc { } EvtDpcFunc { } }\n"
                 "                       ^\n");
  }

  // EvtX = F with no function F
  void callbackBoundToUndeclaredFunction() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem = DoWork; }\n",
                 "t.scenario:2:28: error: 'DoWork' is not a declared function\n"
                 "workitem W { EvtWorkItem = DoWork; }\n"
                 "                           ^\n");
  }

  // EvtX = name of a shared variable
  void callbackBoundToSharedVariable() {
    expectErrors("device D {}\n"
                 "shared int DoWork;\n"
                 "workitem W { EvtWorkItem = DoWork; }\n",
                 "t.scenario:3:28: error: 'DoWork' is not a declared function\n"
                 "workitem W { EvtWorkItem = DoWork; }\n"
                 "                           ^\n");
  }

  // a function bound to a callback declares no parameters
  void boundFunctionMustNotHaveParameters() {
    expectErrors("device D {}\n"
                 "function DoWork(int n) { }\n"
                 "workitem W { EvtWorkItem = DoWork; }\n",
                 "t.scenario:3:28: error: function 'DoWork' is bound to EvtWorkItem and so must not declare parameters; it sees the callback's implicit locals instead\n"
                 "workitem W { EvtWorkItem = DoWork; }\n"
                 "                           ^\n");
  }

  // EvtInterruptIsr returns bool
  void isrBoundToVoidFunction() {
    expectErrors("device D {}\n"
                 "function Isr() { }\n"
                 "interrupt I { EvtInterruptIsr = Isr; }\n",
                 "t.scenario:3:33: error: function 'Isr' returns void but EvtInterruptIsr returns bool\n"
                 "interrupt I { EvtInterruptIsr = Isr; }\n"
                 "                                ^\n");
  }

  // EvtWorkItem returns nothing
  void workItemBoundToBoolFunction() {
    expectErrors("device D {}\n"
                 "function bool Work() { return true; }\n"
                 "workitem W { EvtWorkItem = Work; }\n",
                 "t.scenario:3:28: error: function 'Work' returns bool but EvtWorkItem returns void\n"
                 "workitem W { EvtWorkItem = Work; }\n"
                 "                           ^\n");
  }

  // two queues named Q; the note points at the first
  void duplicateObjectName() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "queue Q { DispatchType = Manual; }\n",
                 "t.scenario:3:7: error: redefinition of 'Q'\n"
                 "queue Q { DispatchType = Manual; }\n"
                 "      ^\n"
                 "t.scenario:2:7: note: 'Q' was first declared here\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "      ^\n");
  }

  // names are global across kinds
  void lockAndSharedVariableShareAName() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "shared int L;\n",
                 "t.scenario:3:12: error: redefinition of 'L'\n"
                 "shared int L;\n"
                 "           ^\n"
                 "t.scenario:2:10: note: 'L' was first declared here\n"
                 "spinlock L;\n"
                 "         ^\n");
  }

  // two functions named F
  void duplicateFunction() {
    expectErrors("device D {}\n"
                 "function F { }\n"
                 "function F { }\n",
                 "t.scenario:3:10: error: redefinition of 'F'\n"
                 "function F { }\n"
                 "         ^\n"
                 "t.scenario:2:10: note: 'F' was first declared here\n"
                 "function F { }\n"
                 "         ^\n");
  }

  // a thread named like a shared variable
  void threadNameClashesWithSharedVariable() {
    expectErrors("device D {}\n"
                 "shared int T;\n"
                 "environment { thread T { } }\n",
                 "t.scenario:3:22: error: redefinition of 'T'\n"
                 "environment { thread T { } }\n"
                 "                     ^\n"
                 "t.scenario:2:12: note: 'T' was first declared here\n"
                 "shared int T;\n"
                 "           ^\n");
  }

  // two sends 'as R'
  void requestNameUsedTwice() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } }\n"
                 "environment { thread T { send Read to Q as R; send Write to Q as R; } }\n",
                 "t.scenario:3:66: error: redefinition of 'R'\n"
                 "environment { thread T { send Read to Q as R; send Write to Q as R; } }\n"
                 "                                                                 ^\n"
                 "t.scenario:3:44: note: 'R' was first declared here\n"
                 "environment { thread T { send Read to Q as R; send Write to Q as R; } }\n"
                 "                                           ^\n");
  }

  // STATUS_SUCCESS is predefined
  void predefinedConstantCannotBeRedefined() {
    expectErrors("device D {}\n"
                 "shared int STATUS_SUCCESS;\n",
                 "t.scenario:2:12: error: 'STATUS_SUCCESS' is a predefined constant and cannot be redefined\n"
                 "shared int STATUS_SUCCESS;\n"
                 "           ^\n");
  }

  // exactly one device per scenario
  void twoDevices() {
    expectErrors("device D {}\n"
                 "device E {}\n",
                 "t.scenario:2:1: error: a scenario has exactly one device; 'D' is already declared\n"
                 "device E {}\n"
                 "^\n");
  }

  // no device at all
  void missingDevice() {
    expectErrors("queue Q { DispatchType = Parallel; }\n",
                 "t.scenario:1:1: error: a scenario needs a device: declare one with 'device Name { ... }'\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "^\n");
  }

  // two driver blocks
  void driverBlockGivenTwice() {
    expectErrors("driver {}\n"
                 "driver {}\n"
                 "device D {}\n",
                 "t.scenario:2:1: error: the driver block is given twice\n"
                 "driver {}\n"
                 "^\n");
  }

  // two request context fields named N
  void requestFieldDeclaredTwice() {
    expectErrors("device D {}\n"
                 "request context { int N; bool N; }\n",
                 "t.scenario:2:31: error: request context field 'N' is declared twice\n"
                 "request context { int N; bool N; }\n"
                 "                              ^\n");
  }

  // two locals named a in one block
  void localVariableRedefined() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { int a = 1; int a = 2; } }\n",
                 "t.scenario:2:43: error: redefinition of local variable 'a'\n"
                 "workitem W { EvtWorkItem { int a = 1; int a = 2; } }\n"
                 "                                          ^\n");
  }

  // two parameters named a
  void parameterDeclaredTwice() {
    expectErrors("device D {}\n"
                 "function F(int a, bool a) { }\n",
                 "t.scenario:2:24: error: parameter 'a' is declared twice\n"
                 "function F(int a, bool a) { }\n"
                 "                       ^\n");
  }

  // shared bool = 1
  void boolInitializedWithInt() {
    expectErrors("device D {}\n"
                 "shared bool B = 1;\n",
                 "t.scenario:2:17: error: expected true or false to initialize a bool\n"
                 "shared bool B = 1;\n"
                 "                ^\n");
  }

  // a request starts as NULL, not 0
  void sharedRequestInitializedWithZero() {
    expectErrors("device D {}\n"
                 "shared request P = 0;\n",
                 "t.scenario:2:20: error: a shared request can only be initialized to NULL\n"
                 "shared request P = 0;\n"
                 "                   ^\n");
  }

  // a shared variable initialized from another one
  void sharedInitializerMustBeAConstant() {
    expectErrors("device D {}\n"
                 "shared int Y = 1;\n"
                 "shared int X = Y;\n",
                 "t.scenario:3:16: error: expected an integer constant for the initializer\n"
                 "shared int X = Y;\n"
                 "               ^\n");
  }

  // three values for two elements
  void tooManyArrayInitializers() {
    expectErrors("device D {}\n"
                 "shared int A[2] = {1, 2, 3};\n",
                 "t.scenario:2:26: error: too many initializers for 'A' (it has 2 elements)\n"
                 "shared int A[2] = {1, 2, 3};\n"
                 "                         ^\n");
  }

  // request context bool = 0
  void requestFieldBoolInitializedWithInt() {
    expectErrors("device D {}\n"
                 "request context { bool Started = 0; }\n",
                 "t.scenario:2:34: error: expected true or false to initialize a bool\n"
                 "request context { bool Started = 0; }\n"
                 "                                 ^\n");
  }

  // an event Type WDM does not have
  void unknownEventType() {
    expectErrors("device D {}\n"
                 "event E { Type = AutoReset; }\n",
                 "t.scenario:2:18: error: expected NotificationEvent or SynchronizationEvent as the event Type\n"
                 "event E { Type = AutoReset; }\n"
                 "                 ^\n");
  }

  // Signaled = 1
  void eventSignaledNeedsTrueOrFalse() {
    expectErrors("device D {}\n"
                 "event E { Signaled = 1; }\n",
                 "t.scenario:2:22: error: expected true or false for Signaled\n"
                 "event E { Signaled = 1; }\n"
                 "                     ^\n");
  }

  // events take Type and Signaled only
  void unknownEventAttribute() {
    expectErrors("device D {}\n"
                 "event E { Initial = true; }\n",
                 "t.scenario:2:11: error: unknown attribute 'Initial' for an event; expected Type or Signaled\n"
                 "event E { Initial = true; }\n"
                 "          ^\n");
  }

  // Signaled twice
  void eventAttributeGivenTwice() {
    expectErrors("device D {}\n"
                 "event E { Signaled = true; Signaled = false; }\n",
                 "t.scenario:2:28: error: attribute 'Signaled' is given twice\n"
                 "event E { Signaled = true; Signaled = false; }\n"
                 "                           ^\n");
  }

  // reading a name nobody declared
  void undeclaredNameInExpression() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = Y + 1; } }\n",
                 "t.scenario:3:32: error: use of undeclared name 'Y'\n"
                 "workitem W { EvtWorkItem { X = Y + 1; } }\n"
                 "                               ^\n");
  }

  // writing a name nobody declared
  void undeclaredNameAssigned() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { Y = 1; } }\n",
                 "t.scenario:2:28: error: use of undeclared name 'Y'\n"
                 "workitem W { EvtWorkItem { Y = 1; } }\n"
                 "                           ^\n");
  }

  // a misspelled WDF call (lower-case l)
  void unknownFrameworkCall() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { WdfSpinlockAcquire(L); } }\n",
                 "t.scenario:2:28: error: unknown function 'WdfSpinlockAcquire'; expected a declared function or a framework call listed in the language reference\n"
                 "workitem W { EvtWorkItem { WdfSpinlockAcquire(L); } }\n"
                 "                           ^\n");
  }

  // calling something that is not a function
  void callingALock() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "workitem W { EvtWorkItem { L(); } }\n",
                 "t.scenario:3:28: error: 'L' is not a function\n"
                 "workitem W { EvtWorkItem { L(); } }\n"
                 "                           ^\n");
  }

  // a function called from a callback sees only its parameters
  void requestNotAvailableInCalledFunction() {
    expectErrors("device D {}\n"
                 "function Helper { WdfRequestComplete(Request, STATUS_SUCCESS); }\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { Helper(); } }\n",
                 "t.scenario:2:38: error: 'Request' is not available in function Helper; a function called from a callback sees only its own parameters\n"
                 "function Helper { WdfRequestComplete(Request, STATUS_SUCCESS); }\n"
                 "                                     ^\n");
  }

  // EvtWorkItem has no Request
  void requestNotAvailableInWorkItem() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { WdfRequestComplete(Request, STATUS_SUCCESS); } }\n",
                 "t.scenario:2:47: error: 'Request' is not available in EvtWorkItem of W\n"
                 "workitem W { EvtWorkItem { WdfRequestComplete(Request, STATUS_SUCCESS); } }\n"
                 "                                              ^\n");
  }

  // EvtFileCleanup gets a FileObject, not a Request
  void fileCleanupHasNoRequest() {
    expectErrors("device D { EvtFileCleanup { WdfRequestComplete(Request, 0); } }\n",
                 "t.scenario:1:48: error: 'Request' is not available in EvtFileCleanup of D\n"
                 "device D { EvtFileCleanup { WdfRequestComplete(Request, 0); } }\n"
                 "                                               ^\n");
  }

  // a request sent by the environment is not a value
  void environmentRequestUsedAsValue() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; }\n"
                 "shared int X;\n"
                 "environment { thread T { send Read to Q as R; X = R; } }\n",
                 "t.scenario:4:51: error: 'R' names a request sent by the environment; use it with cancel, wait or status()\n"
                 "environment { thread T { send Read to Q as R; X = R; } }\n"
                 "                                                  ^\n");
  }

  // a thread name is not a value
  void threadUsedAsValue() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "environment { thread T { X = T; } }\n",
                 "t.scenario:3:30: error: 'T' is a thread, not a value\n"
                 "environment { thread T { X = T; } }\n"
                 "                             ^\n");
  }

  // WdfSpinLockAcquire takes one lock
  void frameworkCallWithTooManyArguments() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "workitem W { EvtWorkItem { WdfSpinLockAcquire(L, L); } }\n",
                 "t.scenario:3:28: error: WdfSpinLockAcquire takes 1 argument, 2 given\n"
                 "workitem W { EvtWorkItem { WdfSpinLockAcquire(L, L); } }\n"
                 "                           ^\n");
  }

  // KeWaitForSingleObject takes 1 or 2 arguments
  void frameworkCallWithOptionalArgumentGetsNone() {
    expectErrors("device D {}\n"
                 "event E;\n"
                 "environment { thread T { KeWaitForSingleObject(); } }\n",
                 "t.scenario:3:26: error: KeWaitForSingleObject takes 1 or 2 arguments, 0 given\n"
                 "environment { thread T { KeWaitForSingleObject(); } }\n"
                 "                         ^\n");
  }

  // a wait lock where a spin lock is expected
  void waitLockPassedToSpinLockCall() {
    expectErrors("device D {}\n"
                 "waitlock WL;\n"
                 "workitem W { EvtWorkItem { WdfSpinLockAcquire(WL); } }\n",
                 "t.scenario:3:47: error: argument 1 of WdfSpinLockAcquire must be a spinlock, not the waitlock handle\n"
                 "workitem W { EvtWorkItem { WdfSpinLockAcquire(WL); } }\n"
                 "                                              ^\n");
  }

  // a queue handle where an NTSTATUS is expected
  void queuePassedAsStatus() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, Queue); } }\n",
                 "t.scenario:2:76: error: argument 2 of WdfRequestComplete must be an int, not the queue handle\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, Queue); } }\n"
                 "                                                                           ^\n");
  }

  // an int where a request is expected
  void intPassedAsRequest() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(5, STATUS_SUCCESS); } }\n",
                 "t.scenario:2:67: error: argument 1 of WdfRequestComplete must be a request, not an int\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(5, STATUS_SUCCESS); } }\n"
                 "                                                                  ^\n");
  }

  // WdfRequestForwardToIoQueue to a work item
  void requestForwardedToAWorkItem() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { } }\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestForwardToIoQueue(Request, W); } }\n",
                 "t.scenario:3:84: error: argument 2 of WdfRequestForwardToIoQueue must be a queue, not the workitem handle\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestForwardToIoQueue(Request, W); } }\n"
                 "                                                                                   ^\n");
  }

  // WdfObjectAcquireLock takes the device, a queue or the file object
  void objectLockOnASpinLock() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "workitem W { EvtWorkItem { WdfObjectAcquireLock(L); } }\n",
                 "t.scenario:3:49: error: argument 1 of WdfObjectAcquireLock must be a framework object (the device, a queue or the file object), not the spinlock handle\n"
                 "workitem W { EvtWorkItem { WdfObjectAcquireLock(L); } }\n"
                 "                                                ^\n");
  }

  // Interlocked functions need a shared location
  void interlockedOnLocal() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { int n = 0; InterlockedIncrement(n); } }\n",
                 "t.scenario:2:60: error: Interlocked functions need a shared location; 'n' is a local variable\n"
                 "workitem W { EvtWorkItem { int n = 0; InterlockedIncrement(n); } }\n"
                 "                                                           ^\n");
  }

  // InterlockedIncrement of a request location
  void interlockedIncrementOnRequest() {
    expectErrors("device D {}\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { InterlockedIncrement(P); } }\n",
                 "t.scenario:3:49: error: argument 1 of InterlockedIncrement must be a shared int location (a shared variable, array element or request field), not a request location\n"
                 "workitem W { EvtWorkItem { InterlockedIncrement(P); } }\n"
                 "                                                ^\n");
  }

  // a user function called with one of its two arguments
  void functionCallWithTooFewArguments() {
    expectErrors("device D {}\n"
                 "function Add(int a, int b) { }\n"
                 "workitem W { EvtWorkItem { Add(1); } }\n",
                 "t.scenario:3:28: error: function 'Add' takes 2 arguments, 1 given\n"
                 "workitem W { EvtWorkItem { Add(1); } }\n"
                 "                           ^\n");
  }

  // an int passed for a request parameter
  void functionArgumentOfWrongType() {
    expectErrors("device D {}\n"
                 "function Take(request r) { }\n"
                 "workitem W { EvtWorkItem { Take(1); } }\n",
                 "t.scenario:3:33: error: argument 1 of 'Take' must be request, not int\n"
                 "workitem W { EvtWorkItem { Take(1); } }\n"
                 "                                ^\n");
  }

  // a spinlock passed for an int parameter
  void handlePassedToIntParameter() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "function Take(int n) { }\n"
                 "workitem W { EvtWorkItem { Take(L); } }\n",
                 "t.scenario:4:33: error: expected a value, found a spinlock handle\n"
                 "workitem W { EvtWorkItem { Take(L); } }\n"
                 "                                ^\n");
  }

  // status() with no argument
  void statusTakesOneArgument() {
    expectErrors("device D {}\n"
                 "environment { finally { assert(status() == 0); } }\n",
                 "t.scenario:2:32: error: status takes 1 argument, 0 given\n"
                 "environment { finally { assert(status() == 0); } }\n"
                 "                               ^\n");
  }

  // KeGetCurrentIrql(1)
  void keGetCurrentIrqlTakesNoArgument() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { int l = KeGetCurrentIrql(1); } }\n",
                 "t.scenario:2:36: error: KeGetCurrentIrql takes 0 arguments, 1 given\n"
                 "workitem W { EvtWorkItem { int l = KeGetCurrentIrql(1); } }\n"
                 "                                   ^\n");
  }

  // NT_SUCCESS takes a status
  void ntSuccessOfARequest() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { bool ok = NT_SUCCESS(Request); WdfRequestComplete(Request, 0); } }\n",
                 "t.scenario:2:69: error: NT_SUCCESS takes an NTSTATUS (an int)\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { bool ok = NT_SUCCESS(Request); WdfRequestComplete(Request, 0); } }\n"
                 "                                                                    ^\n");
  }

  // only the zero timeout is modelled
  void keWaitWithNonZeroTimeout() {
    expectErrors("device D {}\n"
                 "event E;\n"
                 "environment { thread T { KeWaitForSingleObject(E, 100); } }\n",
                 "t.scenario:3:51: error: KeWaitForSingleObject takes no timeout or a zero timeout (0); other timeouts are not modelled\n"
                 "environment { thread T { KeWaitForSingleObject(E, 100); } }\n"
                 "                                                  ^\n");
  }

  // WdfInterruptTryToAcquireLock needs a PassiveHandling interrupt
  void tryAcquireOnDirqlInterrupt() {
    expectErrors("device D {}\n"
                 "interrupt I { EvtInterruptIsr { return true; } }\n"
                 "environment { thread T { bool got = WdfInterruptTryToAcquireLock(I); } }\n",
                 "t.scenario:3:37: error: WdfInterruptTryToAcquireLock is only for PassiveHandling interrupts, and 'I' is a DIRQL interrupt\n"
                 "environment { thread T { bool got = WdfInterruptTryToAcquireLock(I); } }\n"
                 "                                    ^\n");
  }

  // a shared variable passed as EvtRequestCancel
  void cancelRoutineMustBeAFunction() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, X); } }\n",
                 "t.scenario:3:82: error: argument 2 of WdfRequestMarkCancelable must be a function name, not 'X'\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, X); } }\n"
                 "                                                                                 ^\n");
  }

  // EvtRequestCancel returns void
  void cancelRoutineMustReturnNothing() {
    expectErrors("device D {}\n"
                 "function bool OnCancel { return true; }\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, OnCancel); } }\n",
                 "t.scenario:3:82: error: function 'OnCancel' returns bool but EvtRequestCancel returns void\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestMarkCancelable(Request, OnCancel); } }\n"
                 "                                                                                 ^\n");
  }

  // EvtInterruptSynchronize sees the implicit locals
  void synchronizeRoutineMustNotHaveParameters() {
    expectErrors("device D {}\n"
                 "interrupt I { EvtInterruptIsr { return true; } }\n"
                 "function bool Sync(int n) { return true; }\n"
                 "environment { thread T { WdfInterruptSynchronize(I, Sync); } }\n",
                 "t.scenario:4:53: error: function 'Sync' is used as EvtInterruptSynchronize and so must not declare parameters; it sees the callback's implicit locals instead\n"
                 "environment { thread T { WdfInterruptSynchronize(I, Sync); } }\n"
                 "                                                    ^\n");
  }

  // EvtInterruptSynchronize returns BOOLEAN
  void synchronizeRoutineMustReturnBool() {
    expectErrors("device D {}\n"
                 "interrupt I { EvtInterruptIsr { return true; } }\n"
                 "function Sync { }\n"
                 "environment { thread T { WdfInterruptSynchronize(I, Sync); } }\n",
                 "t.scenario:4:53: error: function 'Sync' returns void but EvtInterruptSynchronize returns bool\n"
                 "environment { thread T { WdfInterruptSynchronize(I, Sync); } }\n"
                 "                                                    ^\n");
  }

  // a spinlock assigned to an int
  void handleUsedAsValue() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = L; } }\n",
                 "t.scenario:4:32: error: expected a value, found a spinlock handle\n"
                 "workitem W { EvtWorkItem { X = L; } }\n"
                 "                               ^\n");
  }

  // a function that returns nothing used as a value
  void voidCallUsedAsValue() {
    expectErrors("device D {}\n"
                 "function F { }\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = F(); } }\n",
                 "t.scenario:4:32: error: expected a value, found a call that returns nothing\n"
                 "workitem W { EvtWorkItem { X = F(); } }\n"
                 "                               ^\n");
  }

  // request r = an int
  void requestInitializedFromInt() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { request r = X; } }\n",
                 "t.scenario:3:40: error: cannot use int as request in the initializer\n"
                 "workitem W { EvtWorkItem { request r = X; } }\n"
                 "                                       ^\n");
  }

  // bool = request
  void requestAssignedToBool() {
    expectErrors("device D {}\n"
                 "shared bool B;\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { B = P; } }\n",
                 "t.scenario:4:32: error: cannot use request as bool in the assignment\n"
                 "workitem W { EvtWorkItem { B = P; } }\n"
                 "                               ^\n");
  }

  // request + 1
  void requestInArithmetic() {
    expectErrors("device D {}\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { int n = P + 1; } }\n",
                 "t.scenario:3:38: error: cannot apply '+' to request and int\n"
                 "workitem W { EvtWorkItem { int n = P + 1; } }\n"
                 "                                     ^\n");
  }

  // request++
  void incrementOfRequest() {
    expectErrors("device D {}\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { P++; } }\n",
                 "t.scenario:3:28: error: '++' and '--' need an int, not a request\n"
                 "workitem W { EvtWorkItem { P++; } }\n"
                 "                           ^\n");
  }

  // request += 1
  void compoundAssignmentOfRequest() {
    expectErrors("device D {}\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { P += 1; } }\n",
                 "t.scenario:3:28: error: compound assignment needs an int, not a request\n"
                 "workitem W { EvtWorkItem { P += 1; } }\n"
                 "                           ^\n");
  }

  // -request
  void negatedRequest() {
    expectErrors("device D {}\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { int n = -P; } }\n",
                 "t.scenario:3:36: error: cannot apply '-' to a request\n"
                 "workitem W { EvtWorkItem { int n = -P; } }\n"
                 "                                   ^\n");
  }

  // ?: with a request and an int
  void conditionalBranchesDiffer() {
    expectErrors("device D {}\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { int n = 1 ? P : 2; } }\n",
                 "t.scenario:3:38: error: the two branches of '?:' have different types: request and int\n"
                 "workitem W { EvtWorkItem { int n = 1 ? P : 2; } }\n"
                 "                                     ^\n");
  }

  // if (spinlock)
  void conditionIsAHandle() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "workitem W { EvtWorkItem { if (L) { } } }\n",
                 "t.scenario:3:32: error: expected a value, found a spinlock handle\n"
                 "workitem W { EvtWorkItem { if (L) { } } }\n"
                 "                               ^\n");
  }

  // while (void call)
  void whileConditionReturnsNothing() {
    expectErrors("device D {}\n"
                 "function F { }\n"
                 "workitem W { EvtWorkItem { while (F()) { } } }\n",
                 "t.scenario:3:35: error: expected a value, found a call that returns nothing\n"
                 "workitem W { EvtWorkItem { while (F()) { } } }\n"
                 "                                  ^\n");
  }

  // a whole array assigned
  void arrayUsedWithoutIndex() {
    expectErrors("device D {}\n"
                 "shared int A[4];\n"
                 "workitem W { EvtWorkItem { A = 1; } }\n",
                 "t.scenario:3:28: error: 'A' is an array; use an element, as in A[0]\n"
                 "workitem W { EvtWorkItem { A = 1; } }\n"
                 "                           ^\n");
  }

  // X[0] on a scalar
  void scalarIndexed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X[0] = 1; } }\n",
                 "t.scenario:3:28: error: only shared arrays can be indexed\n"
                 "workitem W { EvtWorkItem { X[0] = 1; } }\n"
                 "                           ^\n");
  }

  // A[4] of a four-element array
  void constantIndexOutOfBounds() {
    expectErrors("device D {}\n"
                 "shared int A[4];\n"
                 "workitem W { EvtWorkItem { A[4] = 1; } }\n",
                 "t.scenario:3:30: error: index 4 is out of bounds for 'A' (size 4)\n"
                 "workitem W { EvtWorkItem { A[4] = 1; } }\n"
                 "                             ^\n");
  }

  // A[request]
  void requestUsedAsIndex() {
    expectErrors("device D {}\n"
                 "shared int A[4];\n"
                 "shared request P;\n"
                 "workitem W { EvtWorkItem { A[P] = 1; } }\n",
                 "t.scenario:4:30: error: an array index must be an int\n"
                 "workitem W { EvtWorkItem { A[P] = 1; } }\n"
                 "                             ^\n");
  }

  // X.N on an int
  void fieldOfAnInt() {
    expectErrors("device D {}\n"
                 "request context { int N; }\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X.N = 1; } }\n",
                 "t.scenario:4:28: error: only requests have context fields; this is int\n"
                 "workitem W { EvtWorkItem { X.N = 1; } }\n"
                 "                           ^\n");
  }

  // STATUS_SUCCESS = 1
  void assignmentToConstant() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { STATUS_SUCCESS = 1; } }\n",
                 "t.scenario:2:28: error: 'STATUS_SUCCESS' cannot be assigned\n"
                 "workitem W { EvtWorkItem { STATUS_SUCCESS = 1; } }\n"
                 "                           ^\n");
  }

  // Request = NULL in a queue callback
  void assignmentToImplicitRequest() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { Request = NULL; } }\n",
                 "t.scenario:2:48: error: 'Request' cannot be assigned\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { Request = NULL; } }\n"
                 "                                               ^\n");
  }

  // (X + 1) = 2
  void assignmentToExpression() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { (X + 1) = 2; } }\n",
                 "t.scenario:3:31: error: this expression cannot be assigned\n"
                 "workitem W { EvtWorkItem { (X + 1) = 2; } }\n"
                 "                              ^\n");
  }

  // 5 = 3
  void assignmentToLiteral() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { 5 = 3; } }\n",
                 "t.scenario:2:28: error: this expression cannot be assigned\n"
                 "workitem W { EvtWorkItem { 5 = 3; } }\n"
                 "                           ^\n");
  }

  // choose(0..X)
  void chooseRangeNeedsConstants() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = choose(0..X); } }\n",
                 "t.scenario:3:32: error: choose(lo..hi) needs integer constants\n"
                 "workitem W { EvtWorkItem { X = choose(0..X); } }\n"
                 "                               ^\n");
  }

  // choose(0..1000)
  void chooseRangeTooWide() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = choose(0..1000); } }\n",
                 "t.scenario:3:32: error: choose(lo..hi) needs lo <= hi and at most 256 values\n"
                 "workitem W { EvtWorkItem { X = choose(0..1000); } }\n"
                 "                               ^\n");
  }

  // choose(3..1)
  void chooseRangeReversed() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = choose(3..1); } }\n",
                 "t.scenario:3:32: error: choose(lo..hi) needs lo <= hi and at most 256 values\n"
                 "workitem W { EvtWorkItem { X = choose(3..1); } }\n"
                 "                               ^\n");
  }

  // choose(1, NULL)
  void chooseValuesOfDifferentTypes() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = choose(1, NULL); } }\n",
                 "t.scenario:3:42: error: all values of choose(...) must have the same type\n"
                 "workitem W { EvtWorkItem { X = choose(1, NULL); } }\n"
                 "                                         ^\n");
  }

  // break in a callback body
  void breakOutsideLoop() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { break; } }\n",
                 "t.scenario:2:28: error: 'break' outside a loop\n"
                 "workitem W { EvtWorkItem { break; } }\n"
                 "                           ^\n");
  }

  // continue in an if, outside any loop
  void continueOutsideLoop() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { if (true) { continue; } } }\n",
                 "t.scenario:2:40: error: 'continue' outside a loop\n"
                 "workitem W { EvtWorkItem { if (true) { continue; } } }\n"
                 "                                       ^\n");
  }

  // return 1 in EvtWorkItem
  void valueReturnedFromVoidCallback() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { return 1; } }\n",
                 "t.scenario:2:35: error: 'EvtWorkItem of W' returns nothing, so 'return' takes no value here\n"
                 "workitem W { EvtWorkItem { return 1; } }\n"
                 "                                  ^\n");
  }

  // return 1 in a function declared void
  void valueReturnedFromVoidFunction() {
    expectErrors("device D {}\n"
                 "function void F() { return 1; }\n",
                 "t.scenario:2:28: error: 'function F' returns nothing, so 'return' takes no value here\n"
                 "function void F() { return 1; }\n"
                 "                           ^\n");
  }

  // return; in a bool function
  void boolFunctionReturnsNothing() {
    expectErrors("device D {}\n"
                 "function bool Ready { return; }\n",
                 "t.scenario:2:23: error: 'function Ready' must return a bool\n"
                 "function bool Ready { return; }\n"
                 "                      ^\n");
  }

  // EvtInterruptIsr that can fall off its end
  void isrWithoutReturn() {
    expectErrors("device D {}\n"
                 "interrupt I { EvtInterruptIsr { } }\n",
                 "t.scenario:2:15: error: 'EvtInterruptIsr of I' must return a bool on every path\n"
                 "interrupt I { EvtInterruptIsr { } }\n"
                 "              ^\n");
  }

  // return 1 from a function returning request
  void returnIntFromRequestFunction() {
    expectErrors("device D {}\n"
                 "function request Get { return 1; }\n",
                 "t.scenario:2:31: error: cannot use int as request in the return value\n"
                 "function request Get { return 1; }\n"
                 "                              ^\n");
  }

  // return spinlock from a function returning int
  void returnHandleFromIntFunction() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "function int Get { return L; }\n",
                 "t.scenario:3:27: error: expected a value, found a spinlock handle\n"
                 "function int Get { return L; }\n"
                 "                          ^\n");
  }

  // function A { A(); }
  void directRecursion() {
    expectErrors("device D {}\n"
                 "function A { A(); }\n",
                 "t.scenario:2:14: error: recursion is not allowed: 'A' calls itself, directly or through other functions\n"
                 "function A { A(); }\n"
                 "             ^\n");
  }

  // A calls B, B calls A: reported once, at the call that closes the cycle
  void indirectRecursion() {
    expectErrors("device D {}\n"
                 "function A { B(); }\n"
                 "function B { A(); }\n",
                 "t.scenario:3:14: error: recursion is not allowed: 'A' calls itself, directly or through other functions\n"
                 "function B { A(); }\n"
                 "             ^\n");
  }

  // a function bound to a callback that calls itself
  void recursionInBoundCallback() {
    expectErrors("device D {}\n"
                 "function Work { Work(); }\n"
                 "workitem W { EvtWorkItem = Work; }\n",
                 "t.scenario:2:17: error: recursion is not allowed: 'Work' calls itself, directly or through other functions\n"
                 "function Work { Work(); }\n"
                 "                ^\n");
  }

  // send is for environment threads
  void sendInsideCallback() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } }\n"
                 "workitem W { EvtWorkItem { send Read to Q; } }\n",
                 "t.scenario:3:28: error: 'send' is an environment statement; it can only be used in a thread\n"
                 "workitem W { EvtWorkItem { send Read to Q; } }\n"
                 "                           ^\n");
  }

  // open is for environment threads
  void openInsideFunction() {
    expectErrors("device D {}\n"
                 "function F { open; }\n",
                 "t.scenario:2:14: error: 'open' is an environment statement; it can only be used in a thread\n"
                 "function F { open; }\n"
                 "             ^\n");
  }

  // wait is for environment threads, not finally
  void waitInsideFinally() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } }\n"
                 "environment { thread T { send Read to Q as R; } finally { wait R; } }\n",
                 "t.scenario:3:59: error: 'wait' is an environment statement; it can only be used in a thread\n"
                 "environment { thread T { send Read to Q as R; } finally { wait R; } }\n"
                 "                                                          ^\n");
  }

  // send Ioctl
  void unknownRequestKind() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } }\n"
                 "environment { thread T { send Ioctl to Q; } }\n",
                 "t.scenario:3:31: error: unknown request kind 'Ioctl'; expected Read, Write, DeviceControl or InternalDeviceControl\n"
                 "environment { thread T { send Ioctl to Q; } }\n"
                 "                              ^\n");
  }

  // send ... to something that is not a queue
  void sendToAWorkItem() {
    expectErrors("device D {}\n"
                 "workitem W { EvtWorkItem { } }\n"
                 "environment { thread T { send Read to W; } }\n",
                 "t.scenario:3:39: error: expected a queue after 'to', found 'W'\n"
                 "environment { thread T { send Read to W; } }\n"
                 "                                      ^\n");
  }

  // close F without open as F
  void closeOfUndeclaredFile() {
    expectErrors("device D {}\n"
                 "environment { thread T { close F; } }\n",
                 "t.scenario:2:32: error: expected a file opened with 'open as', found 'F'\n"
                 "environment { thread T { close F; } }\n"
                 "                               ^\n");
  }

  // cancel of a file handle
  void cancelOfAFile() {
    expectErrors("device D {}\n"
                 "environment { thread T { open as F; cancel F; } }\n",
                 "t.scenario:2:44: error: expected a request sent with 'send ... as', found 'F'\n"
                 "environment { thread T { open as F; cancel F; } }\n"
                 "                                           ^\n");
  }

  // interrupt P where P is a DPC
  void interruptOfADpc() {
    expectErrors("device D {}\n"
                 "dpc P { EvtDpcFunc { } }\n"
                 "environment { thread T { interrupt P; } }\n",
                 "t.scenario:3:36: error: expected an interrupt after 'interrupt', found 'P'\n"
                 "environment { thread T { interrupt P; } }\n"
                 "                                   ^\n");
  }

  // status() belongs to the environment
  void statusInsideCallback() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } }\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { X = status(R); } }\n"
                 "environment { thread T { send Read to Q as R; } }\n",
                 "t.scenario:4:32: error: status() can only be used in the environment (threads and finally)\n"
                 "workitem W { EvtWorkItem { X = status(R); } }\n"
                 "                               ^\n");
  }

  // status(X) where X is not a sent request
  void statusOfASharedVariable() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "environment { finally { assert(status(X) == 0); } }\n",
                 "t.scenario:3:39: error: status() takes a request sent with 'send ... as'\n"
                 "environment { finally { assert(status(X) == 0); } }\n"
                 "                                      ^\n");
  }

  // an assignment in finally
  void finallyCannotWrite() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "environment { finally { X = 1; } }\n",
                 "t.scenario:3:25: error: finally may only read state and assert; it cannot write, call functions or use the framework\n"
                 "environment { finally { X = 1; } }\n"
                 "                        ^\n");
  }

  // a function call in finally
  void finallyCannotCallFunctions() {
    expectErrors("device D {}\n"
                 "function F { }\n"
                 "environment { finally { F(); } }\n",
                 "t.scenario:3:25: error: finally may only read state and assert; it cannot write, call functions or use the framework\n"
                 "environment { finally { F(); } }\n"
                 "                        ^\n");
  }

  // KeSetEvent in finally
  void finallyCannotUseTheFramework() {
    expectErrors("device D {}\n"
                 "event E;\n"
                 "environment { finally { KeSetEvent(E); } }\n",
                 "t.scenario:3:25: error: finally may only read state and assert; it cannot write, call functions or use the framework\n"
                 "environment { finally { KeSetEvent(E); } }\n"
                 "                        ^\n");
  }

  // choose() in finally
  void finallyCannotChoose() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "environment { finally { assert(X == choose(1, 2)); } }\n",
                 "t.scenario:3:37: error: finally may only read state and assert; it cannot write, call functions or use the framework\n"
                 "environment { finally { assert(X == choose(1, 2)); } }\n"
                 "                                    ^\n");
  }

  // interrupt I in finally
  void finallyCannotRaiseInterrupts() {
    expectErrors("device D {}\n"
                 "interrupt I { EvtInterruptIsr { return true; } }\n"
                 "environment { finally { interrupt I; } }\n",
                 "t.scenario:3:25: error: finally may only read state and assert; it cannot write, call functions or use the framework\n"
                 "environment { finally { interrupt I; } }\n"
                 "                        ^\n");
  }

  // expect races (plural)
  void unknownFindingKind() {
    expectErrors("device D {}\n"
                 "expect races;\n",
                 "t.scenario:2:8: error: unknown finding kind 'races'; expected race, deadlock, lock_cycle, irql, lock_misuse, ddi, request_misuse, assert, config or clean\n"
                 "expect races;\n"
                 "       ^\n");
  }

  // expect clean(X)
  void cleanTakesNoArguments() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "expect clean(X);\n",
                 "t.scenario:3:8: error: 'clean' takes no arguments and cannot be negated\n"
                 "expect clean(X);\n"
                 "       ^\n");
  }

  // expect no clean
  void cleanCannotBeNegated() {
    expectErrors("device D {}\n"
                 "expect no clean;\n",
                 "t.scenario:2:11: error: 'clean' takes no arguments and cannot be negated\n"
                 "expect no clean;\n"
                 "          ^\n");
  }

  // suppress clean
  void cleanCannotBeSuppressed() {
    expectErrors("device D {}\n"
                 "suppress clean;\n",
                 "t.scenario:2:10: error: 'clean' cannot be suppressed\n"
                 "suppress clean;\n"
                 "         ^\n");
  }

  // race() names shared state, not a lock
  void raceOnALock() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "expect race(L);\n",
                 "t.scenario:3:13: error: 'L' is not a shared variable or request context field\n"
                 "expect race(L);\n"
                 "            ^\n");
  }

  // race(X, Y)
  void raceTakesOneLocation() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "shared int Y;\n"
                 "expect race(X, Y);\n",
                 "t.scenario:4:16: error: too many arguments for race (at most 1)\n"
                 "expect race(X, Y);\n"
                 "               ^\n");
  }

  // lock_cycle() names locks
  void lockCycleOnASharedVariable() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "shared int X;\n"
                 "expect lock_cycle(L, X);\n",
                 "t.scenario:4:22: error: 'X' is not a lock: expected a spinlock, waitlock, the device, a queue or an interrupt\n"
                 "expect lock_cycle(L, X);\n"
                 "                     ^\n");
  }

  // both arguments of config() are checked
  void configWithUnknownObjectAndStatus() {
    expectErrors("device D {}\n"
                 "expect config(Nope, STATUS_BOGUS);\n",
                 "t.scenario:2:15: error: 'Nope' is not a declared object\n"
                 "expect config(Nope, STATUS_BOGUS);\n"
                 "              ^\n"
                 "t.scenario:2:21: error: 'STATUS_BOGUS' is not a known NTSTATUS name\n"
                 "expect config(Nope, STATUS_BOGUS);\n"
                 "                    ^\n");
  }

  // config(D, S, S)
  void configTakesAtMostTwoArguments() {
    expectErrors("device D {}\n"
                 "expect config(D, STATUS_SUCCESS, STATUS_SUCCESS);\n",
                 "t.scenario:2:34: error: too many arguments for config (at most 2)\n"
                 "expect config(D, STATUS_SUCCESS, STATUS_SUCCESS);\n"
                 "                                 ^\n");
  }

  // deadlock(D)
  void deadlockTakesNoArguments() {
    expectErrors("device D {}\n"
                 "expect deadlock(D);\n",
                 "t.scenario:2:17: error: 'deadlock' takes no arguments\n"
                 "expect deadlock(D);\n"
                 "                ^\n");
  }

  // suppress race(Nope)
  void suppressedRaceOnUndeclaredName() {
    expectErrors("device D {}\n"
                 "suppress race(Nope);\n",
                 "t.scenario:2:15: error: 'Nope' is not a shared variable or request context field\n"
                 "suppress race(Nope);\n"
                 "              ^\n");
  }

  // a local hiding a shared variable is a warning; the error after it is still reported
  void warningsAreKeptNextToErrors() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "workitem W { EvtWorkItem { int X = 1; Y = 2; } }\n",
                 "t.scenario:3:32: warning: local variable 'X' hides the shared variable of the same name\n"
                 "workitem W { EvtWorkItem { int X = 1; Y = 2; } }\n"
                 "                               ^\n"
                 "t.scenario:3:39: error: use of undeclared name 'Y'\n"
                 "workitem W { EvtWorkItem { int X = 1; Y = 2; } }\n"
                 "                                      ^\n");
  }

  // EvtIoStop is accepted with a warning; an error elsewhere still fails the file
  void ioStopWarningThenError() {
    expectErrors("device D {}\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } EvtIoStop { } }\n"
                 "workitem W { EvtWorkItem { Y = 1; } }\n",
                 "t.scenario:2:82: warning: EvtIoStop is accepted but never runs: version 1 of the scenario language does not model power transitions\n"
                 "queue Q { DispatchType = Parallel; EvtIoRead { WdfRequestComplete(Request, 0); } EvtIoStop { } }\n"
                 "                                                                                 ^\n"
                 "t.scenario:3:28: error: use of undeclared name 'Y'\n"
                 "workitem W { EvtWorkItem { Y = 1; } }\n"
                 "                           ^\n");
  }

  // one file with six different semantic errors: all are reported, declarations first
  void reportsEverySemanticErrorInAFile() {
    expectErrors("device D { Colour = Blue; }\n"
                 "queue Q { EvtIoRead { WdfRequestComplete(Request, STATUS_SUCCESS); } }\n"
                 "workitem W { EvtIoRead { } }\n"
                 "shared int X;\n"
                 "shared bool X;\n"
                 "function A { B(); }\n"
                 "function B { A(); }\n"
                 "expect racee(X);\n",
                 "t.scenario:5:13: error: redefinition of 'X'\n"
                 "shared bool X;\n"
                 "            ^\n"
                 "t.scenario:4:12: note: 'X' was first declared here\n"
                 "shared int X;\n"
                 "           ^\n"
                 "t.scenario:1:12: error: unknown attribute 'Colour' for a device; expected ExecutionLevel, SynchronizationScope or parent\n"
                 "device D { Colour = Blue; }\n"
                 "           ^\n"
                 "t.scenario:2:7: error: queue 'Q' needs a DispatchType (Sequential, Parallel or Manual)\n"
                 "queue Q { EvtIoRead { WdfRequestComplete(Request, STATUS_SUCCESS); } }\n"
                 "      ^\n"
                 "t.scenario:3:14: error: 'EvtIoRead' is not a callback of a workitem; expected EvtWorkItem\n"
                 "workitem W { EvtIoRead { } }\n"
                 "             ^\n"
                 "t.scenario:7:14: error: recursion is not allowed: 'A' calls itself, directly or through other functions\n"
                 "function B { A(); }\n"
                 "             ^\n"
                 "t.scenario:8:8: error: unknown finding kind 'racee'; expected race, deadlock, lock_cycle, irql, lock_misuse, ddi, request_misuse, assert, config or clean\n"
                 "expect racee(X);\n"
                 "       ^\n");
  }

  // four errors in one callback body, in source order
  void reportsEveryErrorInOneBody() {
    expectErrors("device D {}\n"
                 "spinlock L;\n"
                 "shared int X;\n"
                 "workitem W {\n"
                 "    EvtWorkItem {\n"
                 "        WdfSpinLockAcquire(X);\n"
                 "        Y = 1;\n"
                 "        WdfSpinLockRelease(L, L);\n"
                 "        return 3;\n"
                 "    }\n"
                 "}\n",
                 "t.scenario:6:28: error: argument 1 of WdfSpinLockAcquire must be a spinlock, not an int\n"
                 "        WdfSpinLockAcquire(X);\n"
                 "                           ^\n"
                 "t.scenario:7:9: error: use of undeclared name 'Y'\n"
                 "        Y = 1;\n"
                 "        ^\n"
                 "t.scenario:8:9: error: WdfSpinLockRelease takes 1 argument, 2 given\n"
                 "        WdfSpinLockRelease(L, L);\n"
                 "        ^\n"
                 "t.scenario:9:16: error: 'EvtWorkItem of W' returns nothing, so 'return' takes no value here\n"
                 "        return 3;\n"
                 "               ^\n");
  }

  // an error in a callback, a function, a thread and finally
  void reportsErrorsInEveryBodyKind() {
    expectErrors("device D {}\n"
                 "shared int X;\n"
                 "function F { A1 = 1; }\n"
                 "workitem W { EvtWorkItem { A2 = 1; } }\n"
                 "environment {\n"
                 "    thread T { A3 = 1; }\n"
                 "    finally { assert(A4 == 0); }\n"
                 "}\n",
                 "t.scenario:4:28: error: use of undeclared name 'A2'\n"
                 "workitem W { EvtWorkItem { A2 = 1; } }\n"
                 "                           ^\n"
                 "t.scenario:6:16: error: use of undeclared name 'A3'\n"
                 "    thread T { A3 = 1; }\n"
                 "               ^\n"
                 "t.scenario:7:22: error: use of undeclared name 'A4'\n"
                 "    finally { assert(A4 == 0); }\n"
                 "                     ^\n"
                 "t.scenario:3:14: error: use of undeclared name 'A1'\n"
                 "function F { A1 = 1; }\n"
                 "             ^\n");
  }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SemaErrorsTest);
