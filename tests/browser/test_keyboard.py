"""The platform with the keyboard alone: a citizen signs in, proposes a project, comments on
another one and supports it, pressing only Tab, Shift+Tab, Enter, Space and typing. Every
element that takes the focus on the way shows it visibly, and every page has a skip link
that leads to its content."""

from __future__ import annotations

from sqlalchemy import create_engine, text

# What the focused element looks like: it must differ visibly from the page around it.
FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {shown: false, what: "nothing"};
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
        && box.left < innerWidth && box.top < innerHeight;
    const what = `${el.tagName.toLowerCase()} ${el.id || el.name || ""} `
        + (el.innerText || el.value || "").trim().slice(0, 40);
    return {shown: (outline || shadow) && onScreen, what};
}"""


def _focus_is_visible(page) -> str:  # type: ignore[no-untyped-def]
    """The focused element's description; fails unless its focus indicator shows."""
    focus = page.evaluate(FOCUS)
    assert focus["shown"], f"no visible focus on {focus['what']} ({page.url})"
    return focus["what"]


def _tab_to(page, predicate: str, key: str = "Tab", limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press ``key`` until the focused element ``el`` fulfils the JavaScript ``predicate``,
    checking the focus indicator at every step."""
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        passed.append(_focus_is_visible(page))
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate}; }}"):
            return
    raise AssertionError(f"{predicate} not reached with {key} on {page.url}; passed: {passed}")


def _skip_to_content(page) -> None:  # type: ignore[no-untyped-def]
    """The first Tab reaches the skip link, which shows; Enter moves the focus to the content."""
    page.keyboard.press("Tab")
    what = _focus_is_visible(page)
    assert "Zum Inhalt springen" in what
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


def _press_enter_and_wait(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _citizen_and_project(database: str) -> tuple[str, int, str]:
    """A demo citizen without a role and a project of others that they do not support yet."""
    engine = create_engine(database)
    with engine.connect() as conn:
        email, user_id = conn.execute(
            text(
                "SELECT email, id FROM users WHERE email LIKE '%@demo.civic.example' "
                "AND email_verified_at IS NOT NULL AND id NOT IN (SELECT user_id FROM role_grants) "
                "AND email <> 'buergerin@demo.civic.example' ORDER BY id LIMIT 1"
            )
        ).one()
        project_id, title = conn.execute(
            text(
                "SELECT id, title FROM projects WHERE state = 'active' AND id NOT IN "
                "(SELECT project_id FROM project_members WHERE user_id = :user) AND id NOT IN "
                "(SELECT project_id FROM supports WHERE user_id = :user) ORDER BY id LIMIT 1"
            ),
            {"user": user_id},
        ).one()
    engine.dispose()
    return email, project_id, title


def test_a_citizen_proposes_comments_and_supports_with_the_keyboard(page, live_server):
    email, project_id, project_title = _citizen_and_project(live_server["database"])

    # Sign in.
    page.goto("/login")
    _skip_to_content(page)
    _tab_to(page, "el.id === 'email'")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type("demo-passwort")
    # Back and forth: Shift+Tab returns to the e-mail address as typed.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.value") == email
    _focus_is_visible(page)
    _tab_to(page, "el.type === 'submit' && el.form && el.form.querySelector('#password')")
    _press_enter_and_wait(page)
    assert page.get_by_role("button", name="Abmelden").is_visible()

    # Propose a project.
    page.goto("/projects/new")
    _skip_to_content(page)
    _tab_to(page, "el.id === 'title'")
    page.keyboard.type("Bücherschrank am Bischofsplatz")
    _tab_to(page, "el.id === 'summary'")
    page.keyboard.type("Ein offener Bücherschrank für alle, die gern lesen.")
    _tab_to(page, "el.name === 'districts'")
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'topics'")
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'publish'")
    _press_enter_and_wait(page)
    assert "/projects/new" not in page.url
    assert page.locator("h1").inner_text() == "Bücherschrank am Bischofsplatz"

    # Comment on another project.
    page.goto(f"/projects/{project_id}")
    assert page.locator("h1").inner_text() == project_title
    _skip_to_content(page)
    _tab_to(page, "el.id === 'comment-body'")
    page.keyboard.type("Eine schöne Idee, ich komme gern zum nächsten Treffen.")
    page.keyboard.press("Tab")
    assert "Kommentar senden" in _focus_is_visible(page)
    _press_enter_and_wait(page)
    assert page.get_by_text("Eine schöne Idee, ich komme gern zum nächsten Treffen.").is_visible()

    # Support it.
    page.goto(f"/projects/{project_id}")
    _skip_to_content(page)
    _tab_to(page, "el.form && el.form.action.endsWith('/support')")
    assert "Projekt unterstützen" in _focus_is_visible(page)
    _press_enter_and_wait(page)
    assert page.get_by_text("Sie unterstützen dieses Projekt.").is_visible()
