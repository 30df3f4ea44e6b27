package ncpcert.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.annotations.SerializedName;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one reader and writer of the JSON the C library exchanges: answers into the classes of
 * this package, requests out of them. Not for users' own JSON.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .registerTypeAdapterFactory(new ExtraFields())
            .create();

    private Json() {
    }

    /** The JSON text as a {@code type}. */
    public static <T> T read(String text, Class<T> type) {
        return GSON.fromJson(text, type);
    }

    /** The JSON text as a list of strings. */
    public static java.util.List<String> readStrings(String text) {
        return GSON.fromJson(text, new TypeToken<java.util.List<String>>() { }.getType());
    }

    /** A copy of {@code value} whose member {@code name} is {@code member}. */
    public static <T> T copyWith(T value, String name, Object member) {
        JsonObject tree = GSON.toJsonTree(value).getAsJsonObject();
        tree.add(name, GSON.toJsonTree(member));
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        return GSON.fromJson(tree, type);
    }

    /** The value as JSON text (null fields left out). */
    public static String write(Object value) {
        return GSON.toJson(value);
    }

    /**
     * Reads a {@link WithExtra} with the declared fields as usual and every other member into
     * {@code extra}: the "every other field as sent" of the core's answers.
     */
    private static final class ExtraFields implements TypeAdapterFactory {
        @Override
        public <T> TypeAdapter<T> create(final Gson gson, TypeToken<T> type) {
            if (!WithExtra.class.isAssignableFrom(type.getRawType())) {
                return null;
            }
            final TypeAdapter<T> declared = gson.getDelegateAdapter(this, type);
            final TypeAdapter<JsonElement> elements = gson.getAdapter(JsonElement.class);
            final Set<String> known = names(type.getRawType());
            return new TypeAdapter<T>() {
                @Override
                public void write(JsonWriter out, T value) throws IOException {
                    declared.write(out, value);
                }

                @Override
                public T read(JsonReader in) throws IOException {
                    JsonElement tree = elements.read(in);
                    T value = declared.fromJsonTree(tree);
                    if (value != null && tree.isJsonObject()) {
                        Map<String, Object> extra = new LinkedHashMap<String, Object>();
                        for (Map.Entry<String, JsonElement> member : ((JsonObject) tree).entrySet()) {
                            if (!known.contains(member.getKey())) {
                                extra.put(member.getKey(), gson.fromJson(member.getValue(), Object.class));
                            }
                        }
                        ((WithExtra) value).extra = Collections.unmodifiableMap(extra);
                    } else if (value != null) {
                        throw new JsonParseException("expected an object");
                    }
                    return value;
                }
            };
        }

        private static Set<String> names(Class<?> type) {
            Set<String> names = new HashSet<String>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                        continue;
                    }
                    SerializedName name = f.getAnnotation(SerializedName.class);
                    names.add(name == null ? f.getName() : name.value());
                }
            }
            return names;
        }
    }
}
