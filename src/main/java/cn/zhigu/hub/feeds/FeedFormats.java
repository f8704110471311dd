package cn.zhigu.hub.feeds;

import cn.zhigu.hub.feeds.cas.CasTransfers;
import cn.zhigu.hub.feeds.read.CsvRecordReader;
import cn.zhigu.hub.feeds.read.JsonItemsReader;
import cn.zhigu.hub.feeds.read.RecordReader;
import cn.zhigu.hub.feeds.read.XlsxRecordReader;
import cn.zhigu.hub.feeds.read.XmlTransferReader;
import cn.zhigu.hub.feeds.street.Carriers;
import cn.zhigu.hub.feeds.street.Settlements;
import cn.zhigu.hub.feeds.tax.TaxReturns;
import cn.zhigu.hub.feeds.university.FundInvestments;
import cn.zhigu.hub.feeds.university.UniversityContracts;
import cn.zhigu.hub.normalise.Streets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How a file dropped into a feed's inbound folder is read: which reader, and which dataset (told by
 * the file name for the university, by the header row for the street ledgers).
 */
@Component
public class FeedFormats {

    public static final List<String> FEEDS = List.of("university", "cas", "tax", "street");

    private final UniversityContracts contracts = new UniversityContracts();
    private final FundInvestments investments = new FundInvestments();
    private final CasTransfers transfers = new CasTransfers();
    private final TaxReturns taxReturns;
    private final Settlements settlements;
    private final Carriers carriers;

    private final int maxRecord;

    public FeedFormats(Streets streets, cn.zhigu.hub.HubProperties props) {
        this.maxRecord = props.getMaxRecordLength();
        this.taxReturns = new TaxReturns(streets);
        this.settlements = new Settlements(streets);
        this.carriers = new Carriers(streets);
    }

    public RecordReader reader(String feed, Path file) {
        return switch (feed) {
            case "university" -> new JsonItemsReader(maxRecord);
            case "cas" -> new XmlTransferReader(maxRecord);
            case "tax" -> new CsvRecordReader(maxRecord);
            case "street" -> isXlsx(file) ? new XlsxRecordReader() : new CsvRecordReader(maxRecord);
            default -> throw new IllegalArgumentException("unknown feed " + feed);
        };
    }

    /** The dataset known before reading (from the feed and file name), or null when the header tells. */
    public Dataset<?> datasetByName(String feed, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return switch (feed) {
            case "university" -> {
                if (name.startsWith("contracts")) {
                    yield contracts;
                }
                if (name.startsWith("investments")) {
                    yield investments;
                }
                throw new FileRejectedException("a university file's name must start with 'contracts' or "
                        + "'investments' to tell its dataset; got '" + file.getFileName() + "'");
            }
            case "cas" -> transfers;
            default -> null;
        };
    }

    /** The dataset a header row belongs to, or a whole-file reject naming what is missing. */
    public Dataset<?> datasetByHeader(String feed, List<String> header) {
        return switch (feed) {
            case "tax" -> {
                requireColumns(header, TaxReturns.COLUMNS, "a tax return file");
                yield taxReturns;
            }
            case "street" -> {
                if (header.containsAll(Settlements.COLUMNS)) {
                    yield settlements;
                }
                if (header.containsAll(Carriers.COLUMNS)) {
                    yield carriers;
                }
                throw new FileRejectedException("unknown header " + header + ": a street ledger is either "
                        + "入驻企业台账 " + Settlements.COLUMNS + " or 创孵载体 " + Carriers.COLUMNS);
            }
            default -> throw new FileRejectedException("feed " + feed + " has no header row");
        };
    }

    private static void requireColumns(List<String> header, List<String> columns, String what) {
        List<String> missing = columns.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new FileRejectedException(what + " needs the columns " + columns + "; missing " + missing
                    + " in header " + header);
        }
    }

    private static boolean isXlsx(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }
}
