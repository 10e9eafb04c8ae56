/// The marker the fleet writes on the Planfix entities it creates (in the task description), so that a job
/// replayed after a crash between "Planfix created it" and "the effect store recorded it" finds the entity
/// instead of creating a second one. One format for every flow: `uisplanfix:<kind>:<id>`.
public enum EffectMarker {
    public static func call(_ callSessionId: String) -> String { "uisplanfix:call:\(callSessionId)" }
    public static func chat(_ chatId: String) -> String { "uisplanfix:chat:\(chatId)" }
    public static func lead(_ leadId: String) -> String { "uisplanfix:lead:\(leadId)" }
}
