/* libFuzzer harness: `ltephy waveform --config FILE` (tools/wf_cfg.c) on
 * arbitrary file contents, then the configuration it builds through
 * lte_wf_create and one subframe (phy/waveform.c). A user's file may hold
 * anything: each line must be used or refused with a message, never crash.
 * The input is written to /dev/shm (or TMPDIR) per process, as the command
 * reads a path. Built and run by `make fuzz` (tests/fuzz/README.md).
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tools/wf_cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static char path[256];
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/ltephy_fuzz_wf.%d", dir ? dir : "/tmp", (int)getpid());
    }
    if (n > 4000)
        return 0;
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(d, 1, n, f);
    fclose(f);
    const char *val[WF_O_NOPT] = {0};
    val[WF_O_CONFIG] = path;
    wf_cfg_args a = {"waveform", "--model", val};
    char *text = NULL;
    if (wf_cfg_load(&a, &text) == 0) {
        lte_wf_cfg c;
        double bw;
        lte_wf *wf = NULL;
        if (wf_cfg_build(&a, &c, &bw) == 0 && lte_wf_create(&c, &wf) == 0) {
            lte_wf_run(wf, 0, 0, NULL);
            lte_wf_destroy(wf);
        }
    }
    free(text);
    return 0;
}
