package dev.deephavencdi.deploy;

/**
 * One {@code deephaven.cdi.*} setting a deployment file makes.
 *
 * @param file the file, relative to src-deploy
 * @param location where in the file: a YAML path such as {@code services.app.environment.DEEPHAVEN_CDI_SESSION_HOST}
 *        or a line number
 * @param written the name as written: a property name, an environment variable, or a {@code -D} option's name
 * @param key the key it sets, as a template ({@code deephaven.cdi.session.<name>.host}); for an environment variable
 *        that is no known key's environment form, the variable itself
 */
record ConfigSetting(String file, String location, String written, String key) {

    @Override
    public String toString() {
        return file + " at " + location + ": " + written + (written.equals(key) ? "" : " (" + key + ")");
    }
}
