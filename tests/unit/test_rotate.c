/* Panel <-> logical coordinate mapping for rotated panels (src/ui/rotate.c). */
#include "test.h"
#include "ui/rotate.h"

static void test_logical_size(void)
{
    int w, h;
    rotate_logical_size(0, 800, 480, &w, &h);
    CHECK_INT(w, 800); CHECK_INT(h, 480);
    rotate_logical_size(90, 800, 480, &w, &h);
    CHECK_INT(w, 480); CHECK_INT(h, 800);
    rotate_logical_size(180, 800, 480, &w, &h);
    CHECK_INT(w, 800); CHECK_INT(h, 480);
    rotate_logical_size(270, 800, 480, &w, &h);
    CHECK_INT(w, 480); CHECK_INT(h, 800);
    rotate_logical_size(45, 800, 480, &w, &h); /* invalid -> 0 */
    CHECK_INT(w, 800); CHECK_INT(h, 480);
}

/* Clockwise rotation: where the logical top-left corner ends up. */
static void test_corners(void)
{
    int px, py;
    rotate_logical_to_panel(90, 800, 480, 0, 0, &px, &py);
    CHECK_INT(px, 799); CHECK_INT(py, 0);          /* top-right of the panel */
    rotate_logical_to_panel(180, 800, 480, 0, 0, &px, &py);
    CHECK_INT(px, 799); CHECK_INT(py, 479);
    rotate_logical_to_panel(270, 800, 480, 0, 0, &px, &py);
    CHECK_INT(px, 0); CHECK_INT(py, 479);          /* bottom-left */
    /* Logical bottom-right (479, 799) of the 480x800 portrait layout. */
    rotate_logical_to_panel(90, 800, 480, 479, 799, &px, &py);
    CHECK_INT(px, 0); CHECK_INT(py, 479);
}

/* Every panel pixel maps to a logical pixel inside the logical screen and
 * back to itself, for every rotation (checked on a small odd-sized panel). */
static void test_round_trip_everywhere(void)
{
    static const int rots[] = {0, 90, 180, 270};
    const int pw = 37, ph = 23;
    for (int k = 0; k < 4; k++) {
        int lw, lh;
        rotate_logical_size(rots[k], pw, ph, &lw, &lh);
        for (int py = 0; py < ph; py++)
            for (int px = 0; px < pw; px++) {
                int lx, ly, bx, by;
                rotate_panel_to_logical(rots[k], pw, ph, px, py, &lx, &ly);
                CHECK_MSG(lx >= 0 && ly >= 0 && lx < lw && ly < lh, "rot %d (%d,%d) -> (%d,%d)", rots[k], px, py, lx, ly);
                rotate_logical_to_panel(rots[k], pw, ph, lx, ly, &bx, &by);
                CHECK_MSG(bx == px && by == py, "rot %d (%d,%d) -> (%d,%d) -> (%d,%d)", rots[k], px, py, lx, ly, bx, by);
            }
    }
}

/* A control drawn at logical (lx..lx+w, ly..ly+h) on a panel mounted
 * upside down or sideways: a tap at the panel pixel showing the control's
 * centre lands in the control. */
static void test_tap_lands_on_control(void)
{
    static const int rots[] = {0, 90, 180, 270};
    for (int k = 0; k < 4; k++) {
        int cx = 100 + 30, cy = 50 + 24; /* centre of a 60x48 button at (100, 50) */
        int px, py, lx, ly;
        rotate_logical_to_panel(rots[k], 800, 480, cx, cy, &px, &py);
        CHECK(px >= 0 && px < 800 && py >= 0 && py < 480);
        rotate_panel_to_logical(rots[k], 800, 480, px, py, &lx, &ly);
        CHECK(lx >= 100 && lx < 160 && ly >= 50 && ly < 98);
    }
    /* Concrete: rotation 90, a tap at the panel's top-right corner is the
     * logical top-left. */
    int lx, ly;
    rotate_panel_to_logical(90, 800, 480, 799, 0, &lx, &ly);
    CHECK_INT(lx, 0); CHECK_INT(ly, 0);
    rotate_panel_to_logical(270, 800, 480, 0, 479, &lx, &ly);
    CHECK_INT(lx, 0); CHECK_INT(ly, 0);
}

static void test_normalise(void)
{
    CHECK_INT(rotate_normalise(90), 90);
    CHECK_INT(rotate_normalise(-90), 0);
    CHECK_INT(rotate_normalise(360), 0);
}

int main(void)
{
    RUN(test_logical_size);
    RUN(test_corners);
    RUN(test_round_trip_everywhere);
    RUN(test_tap_lands_on_control);
    RUN(test_normalise);
    return test_summary();
}
