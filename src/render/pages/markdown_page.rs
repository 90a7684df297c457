//! A narrative page from `content/**/*.md`.

use super::Page;
use crate::diagnostics::Diagnostic;
use crate::load;
use crate::render::markdown;
use crate::render::site::Site;

/// Renders `<slug>/index.html`.
pub fn render(site: &Site, page: &load::Page) -> Result<Page, Diagnostic> {
    let depth = page.slug.split('/').count();
    let mut context = site.context(depth, &page.slug, &page.front.title);
    context.insert("page", &page.front);
    context.insert("content_html", &markdown::to_html(&page.markdown, site.project.settings.markdown.allow_html));
    Ok(Page { path: format!("{}/index.html", page.slug), html: site.render("page.html", &context)? })
}
