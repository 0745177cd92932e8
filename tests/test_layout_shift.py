"""Nothing on a page moves after its first paint, on every page kind and in every display mode, on
a phone as slow as Lighthouse's. (Apart from tests/test_layout.py so that the two run on different
test workers: these mostly wait on the slowed network.)"""

import pytest

from test_layout import PAGE_KINDS, PHONE
from test_maps import tile_host_requests

# Everything that moved since the page was first drawn, input excepted (Chromium's Layout Instability API).
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value; })
        .observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


def slow_phone(context, page):
    """Slow 4G and a 4× slower CPU, as Lighthouse simulates them: the page is drawn before its
    deferred scripts arrive, so whatever they change after the first paint shows as a shift."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions",
             {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})


@pytest.mark.parametrize("mode", ["normal", "large", "contrast"])
def test_nothing_moves_after_the_first_paint(browser, served_sample, mode):
    context = browser.new_context(**PHONE)
    if mode != "normal":
        context.add_init_script(f"try {{ localStorage.setItem('mode-{mode}', '1'); }} catch (e) {{}}")
    shifts = {}
    for path in PAGE_KINDS:
        page = context.new_page()
        slow_phone(context, page)
        tile_host_requests(page, set())
        page.goto(served_sample + path, wait_until="load", timeout=60_000)
        shifts[path] = page.evaluate(LAYOUT_SHIFT)
        page.close()
    context.close()
    assert {path: shift for path, shift in shifts.items() if shift > 0.02} == {}, mode
