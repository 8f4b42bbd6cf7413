#include "test.h"
#include "../../src/core/util.h"
#include "../../src/core/log.h"

#include <stdlib.h>
#include <unistd.h>

int test_passed, test_failed, test_cur_failed;
const char *test_cur_name = "";

static char **tmpdirs;
static size_t ntmp, captmp;

void test_run(const char *name, void (*fn)(void))
{
    if (getenv("AGM_TEST_VERBOSE") == NULL)
        log_set_level(LOG_QUIET);
    test_cur_name = name;
    test_cur_failed = 0;
    fn();
    if (test_cur_failed) {
        test_failed++;
        fprintf(stderr, "not ok - %s\n", name);
    } else {
        test_passed++;
        if (getenv("AGM_TEST_VERBOSE"))
            fprintf(stderr, "ok - %s\n", name);
    }
}

const char *test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/agmtest-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    xgrow((void **)&tmpdirs, &captmp, ntmp + 1, sizeof *tmpdirs);
    tmpdirs[ntmp++] = tmpl;
    return tmpl;
}

char *test_write_file(const char *dir, const char *name, const char *text)
{
    char *p = path_join(dir, name);
    char *slash = strrchr(p, '/');
    if (slash) {
        *slash = '\0';
        mkdir_p(p, 0755);
        *slash = '/';
    }
    FILE *f = fopen(p, "wb");
    if (!f) {
        perror(p);
        abort();
    }
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return p;
}

int test_summary(void)
{
    if (!getenv("AGM_KEEP_TMP")) {
        for (size_t i = 0; i < ntmp; i++) {
            char *cmd = xasprintf("rm -rf '%s'", tmpdirs[i]);
            if (system(cmd) != 0)
                fprintf(stderr, "could not remove %s\n", tmpdirs[i]);
            free(cmd);
        }
    }
    for (size_t i = 0; i < ntmp; i++)
        free(tmpdirs[i]);
    free(tmpdirs);
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed ? 1 : 0;
}
