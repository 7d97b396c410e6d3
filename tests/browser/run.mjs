// Browser tests of the respondent pages in real headless Chromium (Debian's /usr/bin/chromium),
// with axe-core injected into every respondent page type. Run by tests/browser.rs against a
// freshly started `chorus serve` with the demo loaded:
//   node tests/browser/run.mjs <base-url> <links-json>
// <links-json> is [{"label": "Teachers at …", "url": "http://…/s/abc"}, …] as printed by the demo.
// Prints "COMPLETED <n>" (responses the scenarios sent) and exits non-zero on the first failure.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, linksJson] = process.argv.slice(2);
const links = JSON.parse(linksJson);
const linkFor = (prefix) => {
  const found = links.find((l) => l.label.startsWith(prefix));
  if (!found) throw new Error(`no demo link for ${prefix}`);
  return found.url;
};
let completed = 0;
const checkedTypes = new Set();

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function axe(page, type) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
  );
  assert(result.passes.length > 10, `axe did not run on ${type}`);
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  assert(problems.length === 0, `axe on ${type} (${page.url()}):\n  ${problems.join("\n  ")}`);
  checkedTypes.add(type);
}

async function noHorizontalScroll(page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(scroll <= client, `horizontal scroll at ${client}px on ${page.url()}: ${scroll}px wide`);
}

// Answers the visible questions of the page with the mouse-free DOM API a person's clicks map to.
async function fillPage(page) {
  await page.evaluate(() => {
    const seen = new Set();
    for (const input of document.querySelectorAll("form.answer-form input")) {
      if (input.closest("[hidden]")) continue;
      if (input.type === "radio" && !seen.has(input.name) && input.value !== "na") {
        seen.add(input.name);
        if (!document.querySelector(`input[name="${input.name}"]:checked`)) input.click();
      } else if (input.type === "checkbox" && !input.name.endsWith("t") && !input.checked && !input.hasAttribute("data-exclusive")) {
        input.click();
      } else if (input.type === "text" && input.inputMode === "numeric" && !input.value) {
        input.value = "45";
      }
    }
    for (const area of document.querySelectorAll("form.answer-form textarea")) area.value = "It helps.";
  });
}

async function pageType(page) {
  return page.evaluate(() => {
    if (document.querySelector('form[action="/s/submit"]')) return "finish";
    if (document.querySelector(".answer-form.young")) return "young question page";
    if (document.querySelector(".question")) return "question page";
    return "other";
  });
}

// Answers every page to the finish page; returns the number of question pages seen.
async function answerAll(page, { check = true } = {}) {
  let pages = 0;
  for (let guard = 0; guard < 150; guard++) {
    const type = await pageType(page);
    if (type === "finish") return pages;
    assert(type !== "other", `unexpected page ${page.url()}: ${(await page.textContent("main")).slice(0, 200)}`);
    if (check) {
      await noHorizontalScroll(page);
      if (!checkedTypes.has(type) || pages < 3) await axe(page, type);
    }
    await fillPage(page);
    pages++;
    await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  }
  throw new Error("the survey never ended");
}

async function send(page) {
  await axe(page, "finish");
  await Promise.all([page.waitForNavigation(), page.click('form[action="/s/submit"] button[type="submit"]')]);
  assert(page.url().includes("/s/done"), `after sending: ${page.url()}`);
  await axe(page, "thank-you page");
  completed++;
}

// Playwright gives every launch a fresh, temporary user-data-dir of its own.
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// 320 CSS px: the WCAG reflow width, which is also a 640 px window at 200% zoom.
const phone = { viewport: { width: 320, height: 740 } };

async function scenario(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.stack || e}`);
    await browser.close();
    process.exit(1);
  }
}

await scenario("complete in English at 320 px", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(linkFor("Teachers at"));
  assert((await page.getAttribute("html", "lang")) === "en", "lang=en");
  await noHorizontalScroll(page);
  await axe(page, "welcome");
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  assert((await page.textContent(".anonymity")).includes("anonymous"), "anonymity said on the first page");
  const pages = await answerAll(page);
  assert(pages > 5, `one construct per page (${pages} pages)`);
  await send(page);
  await context.close();
});

await scenario("complete in Spanish at 320 px, switching language mid-way", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(linkFor("Parents and guardians at") + "?lang=es");
  assert((await page.getAttribute("html", "lang")) === "es", "lang=es");
  assert((await page.textContent("main")).includes("Empezar"), "Spanish start button");
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await fillPage(page);
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  await Promise.all([page.waitForNavigation(), page.click('button[value="lang-en"]')]);
  assert((await page.getAttribute("html", "lang")) === "en", "switched to English");
  await Promise.all([page.waitForNavigation(), page.click('button[value="lang-es"]')]);
  assert(/^\s*Preguntas? 2 /.test(await page.textContent(".progress")), "back in Spanish on the same page");
  await answerAll(page);
  assert((await page.textContent("main")).includes("Enviar"), "Spanish send button");
  await send(page);
  assert((await page.textContent("h1")).includes("¡Gracias!"), "Spanish thank-you");
  await context.close();
});

await scenario("young-student mode: one item per page, faces with labels, read aloud", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(linkFor("Students (grades 3–5) at"));
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await fillPage(page);
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  let faces = 0;
  for (let guard = 0; guard < 150 && (await pageType(page)) !== "finish"; guard++) {
    assert((await page.locator(".question").count()) === 1, "one item per page");
    if ((await page.locator("img[src*='face-']").count()) > 0) {
      faces++;
      assert((await page.locator(".option span").first().textContent()).trim().length > 0, "faces have text labels");
      const voices = await page.evaluate(() => ("speechSynthesis" in window) ? window.speechSynthesis.getVoices().length : 0);
      assert((await page.locator(".read-aloud").first().isVisible()) === (voices > 0), `read-aloud shown only where a voice can speak (voices: ${voices})`);
      const face = await page.locator("img[src*='face-']").first().boundingBox();
      assert(face && face.width >= 56 && face.height >= 56, `faces at least 56 px: ${JSON.stringify(face)}`);
      if (faces === 1) { await axe(page, "young question page"); await noHorizontalScroll(page); }
    }
    await fillPage(page);
    await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  }
  assert(faces > 3, `face scales seen: ${faces}`);
  await send(page);
  await context.close();
});

await scenario("without JavaScript: a young non-user finishes, and Read aloud stays hidden", async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(linkFor("Students (grades 3–5) at"));
  assert((await page.textContent("main")).includes("It takes about"), "a time estimate on the welcome page");
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  assert(/^\s*Question 1 of \d+/.test(await page.textContent(".progress")), "question progress");
  await page.click('input[value="none"]');
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  for (let guard = 0; guard < 40 && (await pageType(page)) !== "finish"; guard++) {
    assert(!(await page.locator(".read-aloud").first().isVisible().catch(() => false)), "no Read aloud without JavaScript");
    await fillPage(page);
    await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  }
  assert((await page.textContent("main")).includes("not sent until you press Send"), "the review says nothing is sent yet");
  // axe needs JavaScript; the review page is checked by axe in the scenarios above.
  await Promise.all([page.waitForNavigation(), page.click('form[action="/s/submit"] button[type="submit"]')]);
  assert(page.url().includes("/s/done"), `after sending: ${page.url()}`);
  completed++;
  await context.close();
});

await scenario("keyboard only", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(linkFor("Teachers at"));
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    return { tag: a.tagName, type: a.type || "", name: a.name || "", value: a.value || "", checked: !!a.checked,
      groupChecked: a.type === "radio" ? !!document.querySelector(`input[name="${a.name}"]:checked`) : false };
  });
  async function tabTo(predicate, act) {
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press("Tab");
      const a = await active();
      if (predicate(a)) return act(a);
      if (a.tag === "INPUT" && a.type === "radio" && !a.groupChecked && a.value !== "na") await page.keyboard.press("Space");
      if (a.tag === "INPUT" && a.type === "checkbox" && !a.name.endsWith("t") && !a.checked) await page.keyboard.press("Space");
      if (a.tag === "INPUT" && a.type === "text" && !a.value) await page.keyboard.type("30");
      if (a.tag === "TEXTAREA" && !a.value) await page.keyboard.type("Fine.");
    }
    throw new Error(`never reached the button on ${page.url()}`);
  }
  const isButton = (value) => (a) => a.tag === "BUTTON" && (value === null || a.value === value);
  await tabTo(isButton(null), () => Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]));
  for (let guard = 0; guard < 150 && (await pageType(page)) !== "finish"; guard++) {
    await tabTo(isButton("next"), () => Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]));
    const errors = await page.locator(".error-summary").count();
    assert(errors === 0, `keyboard answers were refused on ${page.url()}`);
  }
  await tabTo((a) => a.tag === "BUTTON", () => Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]));
  assert(page.url().includes("/s/done"), `keyboard send: ${page.url()}`);
  completed++;
  await context.close();
});

await scenario("resume after closing the browser", async () => {
  let code;
  {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(linkFor("Coordinators at"));
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await fillPage(page);
    await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
    await fillPage(page);
    await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
    code = (await page.textContent(".code")).trim();
    await context.close();
  }
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(`${base}/s/resume`);
  await axe(page, "resume form");
  await page.fill("#code", "WRONG-CODE");
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  assert(await page.locator(".error-summary").isVisible(), "unknown code reported");
  await axe(page, "form with errors");
  await page.fill("#code", code);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  assert(page.url().endsWith("/s/p/3"), `resumed where stopped: ${page.url()}`);
  await page.goto(`${base}/s/p/1`);
  assert((await page.locator("input[type=checkbox]:checked").count()) > 0, "page 1 answers kept");
  await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  await answerAll(page, { check: false });
  await send(page);
  await context.close();
});

await scenario("double submit sends once", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await page.goto(linkFor("Teachers at"));
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  await answerAll(page, { check: false });
  await page.dblclick('form[action="/s/submit"] button[type="submit"]');
  await page.waitForURL(/\/s\/done/);
  await page.goBack();
  if (await page.locator('form[action="/s/submit"]').count()) {
    await Promise.all([page.waitForNavigation(), page.click('form[action="/s/submit"] button[type="submit"]')]);
  }
  completed++;
  await context.close();
});

for (const javaScriptEnabled of [true, false]) {
  await scenario(`skip logic with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
    const context = await browser.newContext({ ...phone, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(linkFor("Teachers at"));
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    for (let guard = 0; guard < 150; guard++) {
      if ((await page.locator("[data-show-if]").count()) > 0) break;
      assert((await pageType(page)) !== "finish", "no page with skip logic");
      await fillPage(page);
      await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
    }
    const gated = page.locator("[data-show-if]").first();
    const gate = await gated.getAttribute("data-show-if");
    if (javaScriptEnabled) {
      assert(!(await gated.isVisible()), "follow-up hidden before the gate question is answered");
      await page.check(`input[name="${gate}"][value="1"]`);
      assert(await gated.isVisible(), "follow-up shown after answering yes");
      await page.check(`input[name="${gate}"][value="2"]`);
      assert(!(await gated.isVisible()), "follow-up hidden again after answering no");
      await axe(page, "question page with skip logic");
    } else {
      assert(await gated.isVisible(), "without JavaScript the follow-up is shown");
      assert((await gated.locator(".gate-note").count()) === 1, "with a note saying when to answer it");
    }
    await context.close();
  });
}

// 360 CSS px: a common phone; the Arabic pages must mirror and never scroll sideways.
const narrow = { viewport: { width: 360, height: 740 } };
const shots = process.env.CHORUS_SCREENSHOTS;
async function shot(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

// Answers a survey in `lang` through the link labelled `label`: every page in that language,
// right to left when `rtl`, no sideways scroll at 360 px, axe on every page type.
async function answerIn(label, lang, rtl, { start, thanks }) {
  const context = await browser.newContext(narrow);
  const page = await context.newPage();
  await page.goto(linkFor(label) + `?lang=${lang}`);
  const check = async () => {
    assert((await page.getAttribute("html", "lang")) === lang, `lang=${lang} on ${page.url()}`);
    assert((await page.getAttribute("html", "dir")) === (rtl ? "rtl" : null), `dir on ${page.url()}`);
    const direction = await page.evaluate(() => getComputedStyle(document.querySelector("main")).direction);
    assert(direction === (rtl ? "rtl" : "ltr"), `laid out ${direction} on ${page.url()}`);
    await noHorizontalScroll(page);
  };
  await check();
  assert((await page.textContent("main")).includes(start), `the start button reads ${start}`);
  await axe(page, `welcome (${lang})`);
  await shot(page, `${lang}-${label.split(": ")[1]}-welcome`);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  let pages = 0;
  for (let guard = 0; guard < 150 && (await pageType(page)) !== "finish"; guard++) {
    await check();
    if (pages < 3) await axe(page, `question page (${lang})`);
    if (pages === 1) await shot(page, `${lang}-${label.split(": ")[1]}-question`);
    await fillPage(page);
    pages++;
    await Promise.all([page.waitForNavigation(), page.click('button[value="next"]')]);
  }
  assert(pages > 2, `question pages in ${lang}: ${pages}`);
  await check();
  await shot(page, `${lang}-${label.split(": ")[1]}-review`);
  await send(page);
  await check();
  assert((await page.textContent("h1")).includes(thanks), `thank-you in ${lang}`);
  await context.close();
}

await scenario("complete in Arabic at 360 px: right to left, mirrored, no sideways scroll", async () => {
  await answerIn("Arabic: teacher", "ar", true, { start: "ابدأ", thanks: "شكرًا" });
});

await scenario("a grades 3–5 student completes in Arabic at 360 px", async () => {
  await answerIn("Arabic: young_student", "ar", true, { start: "ابدأ", thanks: "شكرًا" });
});

await scenario("complete in Vietnamese at 360 px", async () => {
  await answerIn("Vietnamese: parent", "vi", false, { start: "Bắt đầu", thanks: "Cảm ơn" });
});

await scenario("a grades 3–5 student completes in Vietnamese at 360 px", async () => {
  await answerIn("Vietnamese: young_student", "vi", false, { start: "Bắt đầu", thanks: "Cảm ơn" });
});

await scenario("notices, code form, privacy page", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  for (const [path, type] of [["/s/zzzzzzzzz", "notice"], ["/s", "code form"], ["/s?lang=es", "code form (es)"], ["/privacy/riverside-unified-school-district", "privacy page"]]) {
    await page.goto(base + path);
    await noHorizontalScroll(page);
    await axe(page, type);
  }
  await page.goto(`${base}/s`);
  await page.fill("#code", "ABCDE-23456");
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  assert(await page.locator(".error-summary a[href='#code']").isVisible(), "error summary linked to the field");
  await axe(page, "code form with error");
  await context.close();
});

await browser.close();
console.log(`axe checked: ${[...checkedTypes].join(", ")}`);
console.log(`COMPLETED ${completed}`);
