#!/usr/bin/env python3
"""The served page in a real browser: headless Chromium driven by Selenium.

Builds an index of a list written here (with a hostile title), starts
`aisys-search serve --port 0`, and does what a person does: types a query,
clicks a venue facet and removes it, opens page 2, goes back, opens "similar",
copies BibTeX, and looks at a hostile title. Screenshots of the main states go
to --out. Without Chromium, its driver or python3-selenium it prints SKIP and
exits 77, which ctest reports as skipped (SKIP_RETURN_CODE).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def skip(why):
    print(f"SKIP: browser test not run: {why} (./setup.sh installs chromium, chromium-driver, python3-selenium)")
    sys.exit(SKIP)


try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    skip("python3-selenium is not installed")

HOSTILE_TITLE = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2> Evil \u202eesrever"

VENUES = ["OSDI", "SOSP", "NSDI", "EuroSys", "ATC"]


def write_list(path):
    """A list of 24 scheduling papers over five venues, and one hostile entry."""
    lines = ["# A list for the browser test", "", "## Systems", "", "### Scheduling"]
    for i in range(24):
        venue = VENUES[i % len(VENUES)]
        year = 17 + i % 7
        lines.append(f"- [Sched{i}: GPU Cluster Scheduling Study {i}](https://github.com/example-lab/sched{i}) {venue}'{year}")
    lines += ["", "### Serving"]
    for i in range(4):
        lines.append(f"- [Serve{i}: Model Serving System {i}](https://github.com/example-lab/serve{i}) OSDI'2{i}")
    lines += ["", "### Hostile", f"- [{HOSTILE_TITLE}](javascript:alert(1)) OSDI'22 [code](https://github.com/example-lab/evil)", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


# Titles, abstracts and authors of an arXiv-metadata record reach the index as written.
HOSTILE_RECORD = {
    "id": "2401.00001",
    "title": "<script>window.__pwned=3</script> Scripted \u001b[31mRed\u001b[0m Title",
    "abstract": "An abstract with <b>bold</b> and <script>window.__pwned=4</script> in it.",
    "authors": "Mallory <i>Evil</i>",
    "categories": "cs.DC",
    "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 00:00:00 GMT"}],
}


class Page:
    def __init__(self, driver, base, out):
        self.driver = driver
        self.base = base
        self.out = out
        self.wait = WebDriverWait(driver, 20)

    def shot(self, name):
        path = os.path.join(self.out, name + ".png")
        self.driver.save_screenshot(path)
        print(f"screenshot: {path}")

    def css(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def total(self):
        return self.driver.find_element(By.ID, "total").text

    def facet_counts(self, facet):
        counts = {}
        for a in self.css(f'section[data-facet="{facet}"] a.facet-value'):
            counts[a.get_attribute("data-value")] = int(a.find_element(By.CSS_SELECTOR, ".count").text)
        return counts

    def until(self, what, condition):
        self.wait.until(lambda d: condition(), message=what)


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok: {what}")


def run(args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if not chromium:
        skip("chromium is not installed")
    if not driver_path:
        skip("chromedriver (chromium-driver) is not installed")
    os.makedirs(args.out, exist_ok=True)

    work = tempfile.mkdtemp(prefix="aisys-browser-")
    server = None
    driver = None
    try:
        env = dict(os.environ, AISYS_OFFLINE="1", XDG_CACHE_HOME=os.path.join(work, "cache"),
                   XDG_DATA_HOME=os.path.join(work, "data"))
        listing = os.path.join(work, "list.md")
        db = os.path.join(work, "db")
        records = os.path.join(work, "records.jsonl")
        write_list(listing)
        with open(records, "w", encoding="utf-8") as f:
            f.write(json.dumps(HOSTILE_RECORD) + "\n")
        subprocess.run([args.binary, "index", "--list", listing, "--jsonl", records, "--db", db, "--quiet"], env=env,
                       check=True, timeout=120, stdout=subprocess.DEVNULL)

        server = subprocess.Popen([args.binary, "serve", "--db", db, "--port", "0", "--quiet"], env=env,
                                  stdout=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        check(match is not None, f"serve prints the address it listens on: {line.strip()}")
        base = f"http://127.0.0.1:{match.group(1)}"

        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", f"--user-data-dir={os.path.join(work, 'profile')}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        page = Page(driver, base, args.out)

        # Type a query: the script searches while typing.
        driver.get(base + "/")
        box = driver.find_element(By.ID, "q")
        box.send_keys("gpu scheduling")
        page.until("results appear while typing", lambda: "papers match" in page.total())
        check("q=gpu" in driver.current_url, "the URL carries the query typed")
        check(len(page.css("li.hit")) == 10, "a page of ten results")
        check(len(page.css("li.hit mark")) > 0, "matched words are highlighted")
        all_total = page.total()
        venues = page.facet_counts("venue")
        check(venues.get("OSDI", 0) > 0 and len(venues) >= 5, f"venue facet counts: {venues}")
        page.shot("01-results")

        # Click a venue facet: results and counts change, and the filter shows.
        page.css('section[data-facet="venue"] a.facet-value[data-value="SOSP"]')[0].click()
        page.until("the SOSP filter applies", lambda: "venue=SOSP" in driver.current_url)
        filtered = page.facet_counts("venue")
        check(filtered == {"SOSP": venues["SOSP"]}, f"only SOSP is counted after the click: {filtered}")
        check(page.total() != all_total and page.total().startswith(str(venues["SOSP"])), f"the total is SOSP's: {page.total()}")
        check(len(page.css("a.chip")) == 1, "the active filter is shown")
        page.shot("02-venue-facet")

        # Remove it.
        page.css("a.chip")[0].click()
        page.until("the filter is removed", lambda: "venue=" not in driver.current_url)
        check(page.total() == all_total, "the total is back")

        # Page 2, then the back button.
        page.css("nav.pages a.next")[0].click()
        page.until("page 2 opens", lambda: "page=2" in driver.current_url)
        check(page.css("ol.hit-list")[0].get_attribute("start") == "11", "page 2 starts at result 11")
        page.shot("03-page-2")
        driver.back()
        page.until("back on page 1", lambda: "page=2" not in driver.current_url)
        check(page.css("ol.hit-list")[0].get_attribute("start") == "1", "the back button returns to page 1")

        # Similar papers of the first result.
        first_id = page.css("li.hit")[0].get_attribute("data-id")
        page.css("li.hit a.similar")[0].click()
        page.until("similar papers open", lambda: "like=" in driver.current_url)
        check(f"like={first_id}" in driver.current_url, "similar searches like the paper clicked")
        check(len(page.css("li.hit")) > 0, "similar papers are listed")
        check(all(h.get_attribute("data-id") != first_id for h in page.css("li.hit")), "the paper itself is left out")
        page.shot("04-similar")

        # Copy BibTeX.
        driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        hit = page.css("li.hit")[0]
        hit.find_element(By.CSS_SELECTOR, "details.bibtex summary").click()
        entry = hit.find_element(By.CSS_SELECTOR, "details.bibtex pre").text
        check(entry.startswith("@") and "title" in entry, "the BibTeX entry shows")
        hit.find_element(By.CSS_SELECTOR, "details.bibtex button.copy").click()
        page.until("copying says so", lambda: hit.find_element(By.CSS_SELECTOR, ".copied").text == "Copied")
        copied = driver.execute_async_script(
            "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('ERROR ' + e));")
        check(copied.strip() == entry.strip(), "the clipboard holds the entry")
        page.shot("05-bibtex")

        # Hostile titles, abstracts and authors render as text and run nothing.
        driver.get(base + "/?q=evil")
        titles = [a.text for a in page.css("li.hit h3")]
        check(any("<img src=x onerror=window.__pwned=2>" in t for t in titles), f"a list's hostile title shows as text: {titles[0]}")
        driver.get(base + "/?q=scripted")
        hit = page.css("li.hit")[0]
        title = hit.find_element(By.CSS_SELECTOR, "h3").text
        check("<script>window.__pwned=3</script>" in title, f"a record's script tag shows as text: {title}")
        snippet = hit.find_element(By.CSS_SELECTOR, ".snippet").text
        check("<script>window.__pwned=4</script>" in snippet, f"an abstract's script tag shows as text: {snippet}")
        check("Mallory <i>Evil</i>" in hit.find_element(By.CSS_SELECTOR, ".authors").text, "authors' markup shows as text")
        check(driver.execute_script("return window.__pwned === undefined"), "no script of the titles or abstracts ran")
        check(not page.css("li.hit h3 img, li.hit script, li.hit b, li.hit i"), "no element came from stored text")
        try:
            driver.switch_to.alert
            check(False, "no alert is open")
        except NoAlertPresentException:
            print("ok: no alert is open")
        driver.get(base + "/?q=evil")
        check(all(not (a.get_attribute("href") or "").lower().startswith("javascript:") for a in page.css("a")), "no javascript: link")
        page.shot("06-hostile")

        # The system's dark colours, and a phone's width.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        driver.get(base + "/?q=gpu+scheduling")
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        check(background != "rgb(255, 255, 255)", f"dark colours follow the system: {background}")
        page.shot("07-dark")
        driver.set_window_size(390, 844)
        driver.get(base + "/?q=gpu+scheduling")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 400, f"nothing wider than a phone: {width}px")
        page.shot("08-phone")
        driver.set_window_size(1280, 1000)

        # Without JavaScript the form and the links still work.
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(base + "/")
        box = driver.find_element(By.ID, "q")
        box.send_keys("serving" + Keys.ENTER)
        page.until("the form submits without JavaScript", lambda: "q=serving" in driver.current_url)
        check("papers match" in page.total() or "paper matches" in page.total(), "results without JavaScript")
        print("PASS: browser test")
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", required=True, help="the built aisys-search")
    parser.add_argument("--out", required=True, help="where screenshots go")
    run(parser.parse_args())
