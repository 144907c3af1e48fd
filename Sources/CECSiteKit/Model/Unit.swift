import CECSiteCore

/// The plan's responsible unit (``CECSiteCore/Unit``): named here so that it wins over
/// Foundation's `Unit` (a unit of measure) in this module.
typealias Unit = CECSiteCore.Unit
