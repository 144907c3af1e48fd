import Foundation

/// What a body's HTML says about the site's media files it shows or links to: the size and
/// responsive variants of each image, the format and size of each document. The renderer
/// fills it from the media it published; the Markdown module only writes the attributes.
public struct MediaMarkup: Sendable {
    /// The attributes an image with this `src` gets besides `src` and `alt`, in order (`width`,
    /// `height`, `srcset`, `sizes`), values unescaped; nil for an image the site does not publish.
    public var image: @Sendable (_ src: String) -> [(name: String, value: String)]?
    /// The text shown after a link to this address when it is a document ("PDF, 1,2 МБ"); nil
    /// for any other link.
    public var document: @Sendable (_ href: String) -> String?

    /// Markup from these two look-ups.
    public init(
        image: @escaping @Sendable (String) -> [(name: String, value: String)]?,
        document: @escaping @Sendable (String) -> String?
    ) {
        self.image = image
        self.document = document
    }
}
