import CECSiteCore

/// The closed lists `site.yaml`'s open-data settings are checked against when the site is
/// loaded, and the open-data writers (the Data Package, DCAT) then describe.
package enum OpenDataVocabulary {
    /// Open licences by SPDX id: their title and the URL of their text.
    package static let licenses: [String: (title: String, url: String)] = [
        "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
        "CC-BY-SA-4.0": ("Creative Commons Attribution Share-Alike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"),
        "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
        "ODC-By-1.0": ("Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"),
        "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
        "PDDL-1.0": ("Open Data Commons Public Domain Dedication & License 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
    ]

    /// ADMS publisher types (`publisher_type` in `site.yaml`) and their English labels.
    package static let publisherTypes = [String: String](
        uniqueKeysWithValues: [
            ("Academia-ScientificOrganisation", "Academia/Scientific organisation"), ("Company", "Company"),
            ("IndustryConsortium", "Industry consortium"), ("LocalAuthority", "Local authority"), ("NationalAuthority", "National authority"),
            ("NonGovernmentalOrganisation", "Non-governmental organisation"), ("NonProfitOrganisation", "Non-profit organisation"),
            ("PrivateIndividual(s)", "Private individual(s)"), ("RegionalAuthority", "Regional authority"), ("StandardisationBody", "Standardisation body"),
            ("SupraNationalAuthority", "Supra-national authority"),
        ])
}
