/* fuzz.h - the libFuzzer entry points: every harness in tests/fuzz/ defines
 * LLVMFuzzerTestOneInput; a harness that needs set-up also defines
 * LLVMFuzzerInitialize (weak here, so the replay main calls it only when
 * it exists). */
#ifndef TRIAGE_FUZZ_H
#define TRIAGE_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
#endif
