namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The app's one stylesheet (<c>/smart/app.css</c>; the CSP allows no other style): plain, high contrast, visible
/// focus, and a narrow-panel layout for EHR side panels (docs/smart-app.md, "Narrow panels").
/// </summary>
internal static class SmartAppStylesheet
{
    public const string Css = """
        :root { color-scheme: light; --fg: #1b1b1b; --muted: #555; --line: #c8c8c8; --accent: #0b4f8a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
        body { background: #fff; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
        h2 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; border-bottom: 2px solid var(--line); }
        h2 { padding-bottom: 0.25rem; }
        h3 { font-size: 1.1rem; margin: 1rem 0 0.25rem; }
        a { color: var(--accent); }
        code { font-size: 0.9em; }
        .sub, .muted, .hint { color: var(--muted); }
        .banner { background: #243b53; color: #fff; padding: 0.5rem 1.25rem; }
        .notice { background: #e6f4ea; border-left: 6px solid #1e7b34; padding: 0.75rem 1rem; font-weight: 600; }
        .problem { background: #fdecea; border-left: 6px solid #b3261e; padding: 0.75rem 1rem; }
        .outcome { font-size: 1.2rem; padding: 0.75rem 1rem; border-left: 8px solid; margin: 0.5rem 0; }
        .outcome.covered { background: #e6f4ea; border-color: #1e7b34; }
        .outcome.needs-info { background: #fff4e5; border-color: #a65c00; }
        .outcome.not-covered { background: #fdecea; border-color: #b3261e; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
        dt { font-weight: 600; } dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; color: var(--muted); padding-bottom: 0.5rem; }
        th, td { border: 1px solid var(--line); padding: 0.5rem; text-align: left; vertical-align: top; }
        th, td, dd, .sub code { overflow-wrap: anywhere; }
        thead th { background: #f0f2f5; }
        tbody th { font-weight: 600; }
        td.clause { font-size: 0.9rem; color: var(--muted); }
        .status { font-weight: 700; white-space: nowrap; }
        .status.met { color: #1e6b30; } .status.not-met { color: #a4221b; } .status.unknown { color: #8a4b00; }
        .status.not-needed { color: var(--muted); font-weight: 600; }
        ul.evidence { margin: 0; padding-left: 1.1rem; }
        fieldset { border: 1px solid var(--line); padding: 0.75rem 1rem; margin: 0.75rem 0; }
        legend { font-weight: 600; padding: 0 0.25rem; }
        .choices { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; }
        .choices.stacked { flex-direction: column; }
        .field { margin: 0.75rem 0; } .field label { display: block; font-weight: 600; }
        select, input[type=number] { font: inherit; max-width: 100%; padding: 0.3rem 0.4rem; }
        select, input[type=number] { border: 1px solid #767676; border-radius: 4px; background: #fff; }
        input[type=number] { width: 9rem; }
        .chart-only { border-left: 4px solid var(--line); padding-left: 0.75rem; }
        .choice input { width: 1.2rem; height: 1.2rem; vertical-align: middle; margin-right: 0.35rem; }
        button { font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; }
        button { border-radius: 4px; padding: 0.6rem 1.2rem; cursor: pointer; }
        a.button { display: inline-block; text-decoration: none; font-weight: 600; color: #fff; }
        a.button { background: var(--accent); border-radius: 4px; padding: 0.6rem 1.2rem; }
        button:focus-visible, input:focus-visible { outline: 3px solid #f5b400; }
        select:focus-visible, a:focus-visible { outline: 3px solid #f5b400; }
        :focus-visible { outline-offset: 2px; }
        /* EHR side panels (640 px and narrower, e.g. 480): criteria rows stacked, no sideways scroll. */
        @media (max-width: 40rem) {
          main { padding: 0.75rem 0.75rem 2rem; }
          .banner { padding: 0.5rem 0.75rem; }
          h1 { font-size: 1.35rem; }
          .outcome { font-size: 1.05rem; padding: 0.5rem 0.75rem; }
          table, caption, tbody, tr, th, td { display: block; }
          thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
          tbody tr { border: 1px solid var(--line); margin-bottom: 0.75rem; }
          tbody th, tbody td { border: 0; padding: 0.3rem 0.6rem; }
          tbody th { background: #f0f2f5; }
          td[data-label]::before { content: attr(data-label); display: block; font-size: 0.8rem; font-weight: 600; }
          td[data-label]::before { color: var(--muted); }
          fieldset { padding: 0.5rem 0.75rem; }
        }
        """;
}
