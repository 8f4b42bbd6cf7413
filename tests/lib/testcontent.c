#include "testcontent.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/diag.h"
#include "core/util.h"

const char *test_root(void)
{
    const char *r = getenv("AGM_ROOT");
    return r && *r ? r : ".";
}

char *test_repo_path(const char *name)
{
    return path_join(test_root(), name);
}

bool test_load_bundled(content_t *c)
{
    char *dir = test_repo_path("content");
    diag_list_t d = {0};
    bool ok = content_load(dir, c, &d);
    if (!ok) {
        fprintf(stderr, "content %s did not load\n", dir);
        diag_print(&d, stderr);
    }
    diag_free(&d);
    free(dir);
    return ok;
}
