//! Two handlebars helpers that take the place of partials: `{{#layout "layouts/base"}}…{{/layout}}`
//! wraps a page in its layout, and `{{include "partials/csrf"}}` renders a parameterless
//! partial in the current context.
//!
//! Why not `{{#> layout}}{{#*inline "main"}}` and `{{> partial}}`: handlebars 6 copies the
//! whole current context (every string of it) into a new block at each partial, so a
//! respondent page paid for three deep copies of its context (layout, `main`, CSRF field)
//! and one more per question. Rendering was 60% copying (`docs/performance.md`). These
//! helpers render the same templates in the context as it is. Partials that take
//! parameters (`{{> partials/field id="…"}}`) stay partials: they are on staff forms only.

use handlebars::{
    BlockContext, Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext,
    RenderErrorReason, Renderable, StringOutput, Template,
};
use serde_json::Value;

/// Registers [`Layout`] as `layout` and [`Include`] as `include`.
pub fn register(hb: &mut Handlebars<'static>) {
    hb.register_helper("layout", Box::new(Layout));
    hb.register_helper("include", Box::new(Include));
}

/// The template named by the helper's first parameter.
fn named_template<'reg>(
    h: &Helper<'_>,
    r: &'reg Handlebars<'reg>,
) -> Result<&'reg Template, RenderErrorReason> {
    let name = h
        .param(0)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("a template name", 0))?;
    r.get_template(name)
        .ok_or_else(|| RenderErrorReason::PartialNotFound(name.to_owned()))
}

/// `{{#layout "layouts/X"}}page{{/layout}}`: renders the page, then the layout with the page's
/// HTML as `@body` (written with `{{{@body}}}`), both in the page's context.
pub struct Layout;

impl HelperDef for Layout {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let layout = named_template(h, r)?;
        let page = h
            .template()
            .ok_or(RenderErrorReason::BlockContentRequired)?;
        let name = rc.get_current_template_name();
        let mut body = StringOutput::new();
        page.render(r, ctx, rc, &mut body)?;
        let body = body.into_string()?;
        let mut block = BlockContext::new();
        if let Some(current) = rc.block() {
            block.base_path_mut().clone_from(current.base_path());
        }
        block.set_local_var("body", Value::String(body));
        rc.push_block(block);
        let result = layout.render(r, ctx, rc, out);
        rc.pop_block();
        rc.set_current_template_name(name);
        result
    }
}

/// `{{include "partials/X"}}`: renders that template where it stands, in the current context
/// (so `{{field}}` inside `{{#each questions}}` is the question's field).
pub struct Include;

impl HelperDef for Include {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let partial = named_template(h, r)?;
        let name = rc.get_current_template_name();
        let result = partial.render(r, ctx, rc, out);
        rc.set_current_template_name(name);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn registry() -> Handlebars<'static> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        register(&mut hb);
        let templates = [
            ("layout", "<title>{{title}}</title><main>{{{@body}}}</main>"),
            ("item", "<li>{{name}} of {{@root.title}}</li>"),
            (
                "page",
                "{{#layout \"layout\"}}<ul>{{#each items}}{{include \"item\"}}{{/each}}</ul>{{/layout}}",
            ),
            ("missing", "{{#layout \"nowhere\"}}x{{/layout}}"),
        ];
        for (name, text) in templates {
            hb.register_template_string(name, text).expect("compiles");
        }
        hb
    }

    #[test]
    fn a_page_is_wrapped_in_its_layout_and_includes_see_the_current_item() {
        let html = registry()
            .render(
                "page",
                &json!({"title": "T", "items": [{"name": "a"}, {"name": "<b>"}]}),
            )
            .expect("renders");
        assert_eq!(
            html,
            "<title>T</title><main><ul><li>a of T</li><li>&lt;b&gt; of T</li></ul></main>"
        );
    }

    #[test]
    fn an_unknown_template_is_an_error_naming_it() {
        let error = registry()
            .render("missing", &json!({}))
            .expect_err("no such layout");
        assert!(error.to_string().contains("nowhere"), "{error}");
    }
}
