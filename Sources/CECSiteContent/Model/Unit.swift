import CECSiteCore

/// The plan's responsible unit (``CECSiteCore/Unit``): named here so that it wins over
/// Foundation's `Unit` (a unit of measure) in this module.
package typealias Unit = CECSiteCore.Unit
