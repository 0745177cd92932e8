"""The forms of the editable files that have no model in the build itself."""

from pydantic import Field

from datafile.fields import Strict, Text, slug

PageSlug = slug("Slug", "about")


class PageMeta(Strict):
    """The header of a page in content/pages/ (Pelican reads `Title:` and `Slug:`; the address is
    PAGE_URL, "{slug}/")."""

    title: Text = Field(title="标题", description="页面的标题，显示在页面最上方和浏览器的标签上")
    slug: PageSlug = Field(title="网址名（Slug）", description="网址里用的英文名，菜单和别的页面靠它链接到这一页，"
                                                                       "请不要改")
