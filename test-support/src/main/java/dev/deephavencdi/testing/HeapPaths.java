package dev.deephavencdi.testing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why a class loader is still alive: reads a HotSpot heap dump ({@code jcmd <pid> GC.heap_dump}, HPROF 1.0.2) and
 * names the shortest chains of strong references from a GC root to each class loader that loaded a given class.
 * References held only through {@link java.lang.ref.Reference#get() Reference.referent} (weak, soft, phantom and
 * finalizer references) do not count, as for the garbage collector.
 *
 * <p>For undeploy tests: after an application has been undeployed, no class loader should still have loaded one of
 * its classes; when one has, {@link #toLoadersOf} says who holds it. Also a command-line tool:
 * {@code java -cp … dev.deephavencdi.testing.HeapPaths <dump.hprof> <class name> [max paths]}.
 */
public final class HeapPaths {
    /** how a line of {@link #toLoadersOf} ends for a loader no strong chain reaches (the next GC collects it) */
    public static final String NOT_REACHABLE = ": no strong path from a GC root";
    private static final int OBJECT = 2;
    private static final int[] BASIC_SIZES = new int[12];

    static {
        BASIC_SIZES[4] = 1; // boolean
        BASIC_SIZES[5] = 2; // char
        BASIC_SIZES[6] = 4; // float
        BASIC_SIZES[7] = 8; // double
        BASIC_SIZES[8] = 1; // byte
        BASIC_SIZES[9] = 2; // short
        BASIC_SIZES[10] = 4; // int
        BASIC_SIZES[11] = 8; // long
    }

    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();
    private final Map<Long, ClassInfo> classes = new HashMap<>();
    private final Map<Integer, String> classesBySerial = new HashMap<>();
    private final Set<String> notFollowed = new java.util.HashSet<>();
    private final Map<Long, String> frames = new HashMap<>();
    private final Map<Integer, long[]> threadTraces = new HashMap<>();
    private final List<long[]> roots = new ArrayList<>();
    private final List<String> rootKinds = new ArrayList<>();
    private int idSize;

    /** objects by dump order: id, class (or array class) id, and outgoing references */
    private final LongIndex index = new LongIndex();
    private long[] objectClass = new long[1 << 16];
    private int[] edgeStart = new int[1 << 16];
    private long[] edgeTarget = new long[1 << 20];
    private int[] edgeLabel = new int[1 << 20];
    private int objectCount;
    private int edgeCount;
    /** edge labels: field names by number (array elements are labelled with -(index + 1)) */
    private final List<String> labelNames = new ArrayList<>();
    private final Map<String, Integer> labelNumbers = new HashMap<>();

    private record Field(long nameId, int type) {}

    private static final class ClassInfo {
        long superId;
        long loaderId;
        Field[] instanceFields;
    }

    private HeapPaths() {}

    /**
     * @param dump a HotSpot heap dump
     * @param className the binary name of a class (e.g. {@code io.deephaven.engine.context.ExecutionContext})
     * @param maxPaths at most this many chains, each to a different class loader
     * @return one line per class loader that loaded {@code className}: the chain from a GC root to it, or a note
     *         that no strong chain reaches it (it goes at the next collection); empty when no loader has it loaded
     */
    public static List<String> toLoadersOf(Path dump, String className, int maxPaths) throws IOException {
        return toLoadersOf(dump, className, maxPaths, Set.of());
    }

    /**
     * As {@link #toLoadersOf(Path, String, int)}, not following references out of objects of some classes: a
     * holder known to be someone else's and bounded, so that the chains reported are the other ones.
     *
     * @param notFollowed binary names of classes whose instances are not followed
     */
    public static List<String> toLoadersOf(Path dump, String className, int maxPaths, Set<String> notFollowed)
            throws IOException {
        HeapPaths heap = new HeapPaths();
        heap.notFollowed.addAll(notFollowed);
        heap.read(dump);
        String show = System.getProperty("heappaths.show");
        if (show != null) {
            heap.show(Long.parseUnsignedLong(show, 16), 3, "  ");
        }
        return heap.pathsToLoadersOf(className, maxPaths);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: HeapPaths <dump.hprof> <class name> [max paths]");
            System.exit(2);
        }
        List<String> paths = toLoadersOf(Path.of(args[0]), args[1], args.length > 2 ? Integer.parseInt(args[2]) : 5);
        if (paths.isEmpty()) {
            System.out.println("no class loader has " + args[1] + " loaded");
        }
        paths.forEach(System.out::println);
    }

    /** for investigation: what one object (hex id) references, two levels deep */
    private void show(long id, int depth, String indent) {
        int at = index.get(id);
        if (at < 0 || depth == 0) {
            return;
        }
        for (int e = edgeStart[at]; e < edgeStart[at + 1]; e++) {
            int to = index.get(edgeTarget[e]);
            System.out.println(indent + label(edgeLabel[e]) + " -> " + describe(to));
            if (to >= 0 && !classes.containsKey(edgeTarget[e])) {
                show(edgeTarget[e], depth - 1, indent + "  ");
            }
        }
    }

    private List<String> pathsToLoadersOf(String className, int maxPaths) {
        Set<Long> loaders = new LinkedHashSet<>();
        classes.forEach((id, info) -> {
            if (className.equals(classNames.get(id))) {
                loaders.add(info.loaderId);
            }
        });
        if (loaders.isEmpty()) {
            return List.of();
        }
        int[] parent = new int[objectCount];
        int[] parentLabel = new int[objectCount];
        int[] rootOf = new int[objectCount];
        Arrays.fill(parent, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int r = 0; r < roots.size(); r++) {
            int at = index.get(roots.get(r)[0]);
            if (at >= 0 && parent[at] == -2) {
                parent[at] = -1;
                rootOf[at] = r;
                queue.add(at);
            }
        }
        // for investigating one holder after another: objects of these classes are not followed
        Set<String> ignored = new java.util.HashSet<>(List.of(System.getProperty("heappaths.ignore", "").split(",")));
        ignored.remove("");
        ignored.addAll(notFollowed);
        while (!queue.isEmpty()) {
            int at = queue.poll();
            if (!ignored.isEmpty() && ignored.contains(classNames.get(objectClass[at]))) {
                continue;
            }
            for (int e = edgeStart[at]; e < edgeStart[at + 1]; e++) {
                int to = index.get(edgeTarget[e]);
                if (to >= 0 && parent[to] == -2) {
                    parent[to] = at;
                    parentLabel[to] = edgeLabel[e];
                    rootOf[to] = rootOf[at];
                    queue.add(to);
                }
            }
        }
        List<String> paths = new ArrayList<>();
        for (long loader : loaders) {
            if (paths.size() >= maxPaths) {
                break;
            }
            int at = index.get(loader);
            if (at < 0 || parent[at] == -2) {
                paths.add(describe(at) + NOT_REACHABLE);
                continue;
            }
            List<String> steps = new ArrayList<>();
            for (int step = at; step >= 0; step = parent[step]) {
                String via = parent[step] >= 0 ? label(parentLabel[step]) + " -> " : "";
                steps.add(0, via + describe(step));
            }
            paths.add("loader " + describe(at) + " held by [" + rootKinds.get(rootOf[at]) + "] "
                    + String.join(" ", steps));
        }
        return paths;
    }

    private String label(int label) {
        return label < 0 ? "[" + (-label - 1) + "]" : "." + labelNames.get(label);
    }

    private String describe(int at) {
        if (at < 0) {
            return "?";
        }
        long id = index.idAt(at);
        if (classes.containsKey(id)) {
            return "class " + classNames.getOrDefault(id, "?");
        }
        return classNames.getOrDefault(objectClass[at], "?") + "@" + Long.toHexString(id);
    }

    // ---------------------------------------------------------------------------------------------- reading

    private void read(Path dump) throws IOException {
        // two passes: the classes (field layouts) first, as a dump may write an instance before its class
        try (DataInputStream in = open(dump)) {
            readRecords(in, true);
        }
        try (DataInputStream in = open(dump)) {
            readRecords(in, false);
        }
        edgeStart = Arrays.copyOf(edgeStart, Math.max(edgeStart.length, objectCount + 1));
        edgeStart[objectCount] = edgeCount;
    }

    private DataInputStream open(Path dump) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dump), 1 << 20));
        StringBuilder header = new StringBuilder();
        for (int b = in.read(); b > 0; b = in.read()) {
            header.append((char) b);
        }
        if (!header.toString().startsWith("JAVA PROFILE")) {
            throw new IOException(dump + " is not an HPROF heap dump: " + header);
        }
        idSize = in.readInt();
        in.readLong(); // timestamp
        return in;
    }

    private void readRecords(DataInputStream in, boolean classesOnly) throws IOException {
        while (true) {
            int tag;
            try {
                tag = in.readUnsignedByte();
            } catch (EOFException end) {
                return;
            }
            in.readInt(); // time offset
            long length = Integer.toUnsignedLong(in.readInt());
            if (tag == 0x01 && classesOnly) { // UTF8
                long id = readId(in);
                byte[] bytes = new byte[(int) (length - idSize)];
                in.readFully(bytes);
                strings.put(id, new String(bytes, StandardCharsets.UTF_8));
            } else if (tag == 0x02 && classesOnly) { // LOAD CLASS
                int serial = in.readInt();
                long classId = readId(in);
                in.readInt();
                String name = strings.getOrDefault(readId(in), "?").replace('/', '.');
                classNames.put(classId, name);
                classesBySerial.put(serial, name);
            } else if (tag == 0x04 && classesOnly) { // STACK FRAME
                long frame = readId(in);
                String method = strings.getOrDefault(readId(in), "?");
                readId(in);
                readId(in);
                int classSerial = in.readInt();
                int line = in.readInt();
                frames.put(frame, classSerial + ":" + method + ":" + line);
            } else if (tag == 0x05 && classesOnly) { // STACK TRACE
                in.readInt();
                int threadSerial = in.readInt();
                int count = in.readInt();
                long[] ids = new long[count];
                for (int f = 0; f < count; f++) {
                    ids[f] = readId(in);
                }
                threadTraces.put(threadSerial, ids);
            } else if (tag == 0x0C || tag == 0x1C) { // HEAP DUMP (SEGMENT)
                readHeap(in, length, classesOnly);
            } else {
                skip(in, length);
            }
        }
    }

    private void readHeap(DataInputStream in, long length, boolean classesOnly) throws IOException {
        long remaining = length;
        CountingInput counted = new CountingInput(in);
        while (remaining > 0) {
            counted.count = 0;
            int sub = counted.u1();
            switch (sub) {
                case 0xFF -> root(counted, classesOnly, "unknown", 0);
                case 0x01 -> root(counted, classesOnly, "JNI global", idSize);
                case 0x02 -> root(counted, classesOnly, "JNI local", 8);
                case 0x03 -> javaFrameRoot(counted, classesOnly);
                case 0x04 -> root(counted, classesOnly, "native stack", 4);
                case 0x05 -> root(counted, classesOnly, "system class", 0);
                case 0x06 -> root(counted, classesOnly, "thread block", 4);
                case 0x07 -> root(counted, classesOnly, "monitor", 0);
                case 0x08 -> root(counted, classesOnly, "thread", 8);
                case 0x20 -> classDump(counted, classesOnly);
                case 0x21 -> instanceDump(counted, classesOnly);
                case 0x22 -> objectArrayDump(counted, classesOnly);
                case 0x23 -> primitiveArrayDump(counted, classesOnly);
                default -> throw new IOException("unknown heap dump sub-record 0x" + Integer.toHexString(sub));
            }
            remaining -= counted.count;
        }
    }

    private void root(CountingInput in, boolean classesOnly, String kind, int extraBytes) throws IOException {
        long id = in.id();
        if (kind.equals("JNI global")) {
            in.id();
        } else {
            in.skip(extraBytes);
        }
        if (!classesOnly && id != 0) {
            roots.add(new long[] {id});
            rootKinds.add(kind);
        }
    }

    /** a local variable of a running method: names the method (class, name, line), as far as the dump says */
    private void javaFrameRoot(CountingInput in, boolean classesOnly) throws IOException {
        long id = in.id();
        int threadSerial = (int) in.u4();
        int depth = (int) in.u4();
        if (classesOnly || id == 0) {
            return;
        }
        String where = "?";
        long[] trace = threadTraces.get(threadSerial);
        if (trace != null && depth >= 0 && depth < trace.length) {
            String frame = frames.getOrDefault(trace[depth], "?");
            String[] parts = frame.split(":", 3);
            if (parts.length == 3) {
                where = classesBySerial.getOrDefault(Integer.parseInt(parts[0]), "?") + "." + parts[1] + " line "
                        + parts[2];
            }
        }
        roots.add(new long[] {id});
        rootKinds.add("Java frame of thread #" + threadSerial + " in " + where);
    }

    private void classDump(CountingInput in, boolean classesOnly) throws IOException {
        long classId = in.id();
        in.u4();
        ClassInfo info = new ClassInfo();
        info.superId = in.id();
        info.loaderId = in.id();
        long signers = in.id();
        long domain = in.id();
        in.id();
        in.id();
        in.u4(); // instance size
        int constants = in.u2();
        List<long[]> references = new ArrayList<>();
        for (int c = 0; c < constants; c++) {
            in.u2();
            int type = in.u1();
            value(in, type, references, -1);
        }
        int statics = in.u2();
        for (int s = 0; s < statics; s++) {
            long name = in.id();
            int type = in.u1();
            value(in, type, references, classesOnly ? -1 : labelNumber("static " + strings.getOrDefault(name, "?")));
        }
        int fields = in.u2();
        info.instanceFields = new Field[fields];
        for (int f = 0; f < fields; f++) {
            info.instanceFields[f] = new Field(in.id(), in.u1());
        }
        if (classesOnly) {
            classes.put(classId, info);
            return;
        }
        startObject(classId, 0);
        edge(info.superId, labelNumber("<super>"));
        edge(info.loaderId, labelNumber("<loader>"));
        edge(signers, labelNumber("<signers>"));
        edge(domain, labelNumber("<protection domain>"));
        for (long[] reference : references) {
            edge(reference[0], (int) reference[1]);
        }
    }

    private void value(CountingInput in, int type, List<long[]> references, int label) throws IOException {
        if (type == OBJECT) {
            long id = in.id();
            if (label >= 0) {
                references.add(new long[] {id, label});
            }
        } else {
            in.skip(BASIC_SIZES[type]);
        }
    }

    private void instanceDump(CountingInput in, boolean classesOnly) throws IOException {
        long id = in.id();
        in.u4();
        long classId = in.id();
        int bytes = (int) in.u4();
        if (classesOnly) {
            in.skip(bytes);
            return;
        }
        startObject(id, classId);
        edge(classId, labelNumber("<class>"));
        boolean reference = isReference(classId);
        for (long type = classId; type != 0; ) {
            ClassInfo info = classes.get(type);
            if (info == null) {
                break;
            }
            for (Field field : info.instanceFields) {
                if (field.type() == OBJECT) {
                    long target = in.id();
                    bytes -= idSize;
                    String name = strings.getOrDefault(field.nameId(), "?");
                    // a Reference's referent does not keep it alive (the collector clears it)
                    if (!(reference && name.equals("referent"))) {
                        edge(target, labelNumber(name));
                    }
                } else {
                    in.skip(BASIC_SIZES[field.type()]);
                    bytes -= BASIC_SIZES[field.type()];
                }
            }
            type = info.superId;
        }
        in.skip(bytes);
    }

    private final Map<Long, Boolean> referenceClasses = new HashMap<>();

    private boolean isReference(long classId) {
        return referenceClasses.computeIfAbsent(classId, id -> {
            for (long type = id; type != 0; ) {
                if ("java.lang.ref.Reference".equals(classNames.get(type))) {
                    return true;
                }
                ClassInfo info = classes.get(type);
                type = info == null ? 0 : info.superId;
            }
            return false;
        });
    }

    private void objectArrayDump(CountingInput in, boolean classesOnly) throws IOException {
        long id = in.id();
        in.u4();
        int length = (int) in.u4();
        long arrayClass = in.id();
        if (classesOnly) {
            in.skip((long) length * idSize);
            return;
        }
        startObject(id, arrayClass);
        edge(arrayClass, labelNumber("<class>"));
        for (int i = 0; i < length; i++) {
            edge(in.id(), -(i + 1));
        }
    }

    private void primitiveArrayDump(CountingInput in, boolean classesOnly) throws IOException {
        long id = in.id();
        in.u4();
        long length = in.u4();
        int type = in.u1();
        in.skip(length * BASIC_SIZES[type]);
        if (!classesOnly) {
            startObject(id, 0);
        }
    }

    private void startObject(long id, long classId) {
        if (objectCount + 1 >= edgeStart.length) {
            edgeStart = Arrays.copyOf(edgeStart, edgeStart.length * 2);
            objectClass = Arrays.copyOf(objectClass, objectClass.length * 2);
        }
        index.put(id, objectCount);
        objectClass[objectCount] = classId;
        edgeStart[objectCount] = edgeCount;
        objectCount++;
    }

    private void edge(long target, int label) {
        if (target == 0) {
            return;
        }
        if (edgeCount == edgeTarget.length) {
            edgeTarget = Arrays.copyOf(edgeTarget, edgeTarget.length * 2);
            edgeLabel = Arrays.copyOf(edgeLabel, edgeLabel.length * 2);
        }
        edgeTarget[edgeCount] = target;
        edgeLabel[edgeCount] = label;
        edgeCount++;
    }

    private int labelNumber(String name) {
        return labelNumbers.computeIfAbsent(name, n -> {
            labelNames.add(n);
            return labelNames.size() - 1;
        });
    }

    private long readId(DataInputStream in) throws IOException {
        return idSize == 4 ? Integer.toUnsignedLong(in.readInt()) : in.readLong();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** reads a heap dump record's parts and counts the bytes read, since sub-records carry no length */
    private final class CountingInput {
        private final DataInputStream in;
        long count;

        CountingInput(DataInputStream in) {
            this.in = in;
        }

        int u1() throws IOException {
            count += 1;
            return in.readUnsignedByte();
        }

        int u2() throws IOException {
            count += 2;
            return in.readUnsignedShort();
        }

        long u4() throws IOException {
            count += 4;
            return Integer.toUnsignedLong(in.readInt());
        }

        long id() throws IOException {
            count += idSize;
            return readId(in);
        }

        void skip(long bytes) throws IOException {
            count += bytes;
            HeapPaths.skip(in, bytes);
        }
    }

    /** object id to dump position, open addressing (a dump has millions of objects) */
    private static final class LongIndex {
        private long[] keys = new long[1 << 16];
        private int[] values = new int[1 << 16];
        private int size;

        void put(long key, int value) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int slot = slot(key, keys.length);
            while (keys[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & (keys.length - 1);
            }
            if (keys[slot] == 0) {
                size++;
            }
            keys[slot] = key;
            values[slot] = value;
        }

        int get(long key) {
            if (key == 0) {
                return -1;
            }
            int slot = slot(key, keys.length);
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    return values[slot];
                }
                slot = (slot + 1) & (keys.length - 1);
            }
            return -1;
        }

        private long[] idsByValue;

        long idAt(int value) {
            if (idsByValue == null || idsByValue.length < size) {
                idsByValue = new long[size];
                for (int s = 0; s < keys.length; s++) {
                    if (keys[s] != 0) {
                        idsByValue[values[s]] = keys[s];
                    }
                }
            }
            return idsByValue[value];
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            size = 0;
            for (int s = 0; s < oldKeys.length; s++) {
                if (oldKeys[s] != 0) {
                    put(oldKeys[s], oldValues[s]);
                }
            }
        }

        private static int slot(long key, int capacity) {
            long mixed = key * 0x9E3779B97F4A7C15L;
            return (int) (mixed >>> 32) & (capacity - 1);
        }
    }
}
