# Indonesian development articles (written by the Kembar team in the style of
# Indonesian regional news; places and agreements are real-world plausible, details invented).
ARTICLES = [
    (
        "id01",
        "2024-03-12",
        """Pemkot Surabaya dan Kota Busan Perpanjang Kerja Sama Kota Kembar

Pemerintah Kota Surabaya resmi memperpanjang kerja sama kota kembar dengan Kota Busan, Korea Selatan. Penandatanganan perpanjangan nota kesepahaman dilakukan Wali Kota Surabaya Eri Cahyadi dan Wali Kota Busan Park Heong-joon di Balai Kota Surabaya, Senin (11/3).

Kerja sama yang sudah berjalan sejak 1994 itu akan difokuskan pada bidang pendidikan, pengelolaan sampah, dan pelabuhan. "Kami ingin pertukaran pelajar kembali aktif," kata Eri.

Surabaya juga tercatat menjalin hubungan serupa dengan Kitakyushu, Jepang.
""",
        [
            (
                "Surabaya",
                "ID",
                ["Busan"],
                "KR",
                "sister_city",
                "mou",
                "renewed",
                "2024-03-11",
                ["education", "waste"],
            ),
            ("Surabaya", "ID", ["Kitakyushu"], "JP", "sister_city", "unspecified", "existing", None, []),
        ],
    ),
    (
        "id02",
        None,
        """Bandung Jajaki Kerja Sama dengan Kota Braunschweig

Pemerintah Kota Bandung tengah menjajaki kerja sama sister city dengan Kota Braunschweig, Jerman. Penjajakan dibahas dalam pertemuan antara Sekretaris Daerah Kota Bandung dan delegasi Braunschweig di Pendopo Kota Bandung.

Menurut Sekda, kedua kota berencana bekerja sama di bidang teknologi, pendidikan vokasi, dan transportasi publik. Surat Pernyataan Kehendak ditargetkan ditandatangani pada akhir tahun.
""",
        [
            (
                "Bandung",
                "ID",
                ["Braunschweig"],
                "DE",
                "sister_city",
                "loi",
                "planned",
                None,
                ["technology_innovation", "education", "transport"],
            ),
        ],
    ),
    (
        "id03",
        "2023-11-20",
        """Provinsi Jawa Tengah dan Provinsi Chungcheongbuk-do Teken MoU Sister Province

SEMARANG - Pemerintah Provinsi Jawa Tengah menandatangani nota kesepahaman sister province dengan Provinsi Chungcheongbuk-do, Korea Selatan, pada 17 November 2023. Gubernur Jawa Tengah dan Gubernur Chungcheongbuk-do Kim Young-hwan meneken MoU tersebut di Cheongju.

Kerja sama tersebut meliputi bidang pertanian, industri, pariwisata, dan pertukaran budaya.
""",
        [
            (
                "Jawa Tengah",
                "ID",
                ["Chungcheongbuk-do", "North Chungcheong", "Chungcheongbuk"],
                "KR",
                "sister_city",
                "mou",
                "signed",
                "2023-11-17",
                ["agriculture_food", "industry", "tourism", "culture"],
            ),
        ],
    ),
    (
        "id04",
        None,
        """Indonesia dan Jepang Sepakati Peningkatan Perdagangan

JAKARTA - Menteri Perdagangan Indonesia dan Menteri Ekonomi Jepang menyepakati peningkatan kerja sama perdagangan kedua negara. Nilai perdagangan bilateral tahun lalu mencapai US$42 miliar.

Kedua negara juga membahas kerja sama energi terbarukan dan investasi di sektor otomotif.
""",
        [],
    ),
    (
        "id05",
        "2024-06-05",
        """Kota Makassar dan Kota Davao Resmi Jadi Kota Kembar

MAKASSAR - Kota Makassar resmi menjalin hubungan kota kembar dengan Davao City, Filipina. Penandatanganan perjanjian kerja sama dilakukan Wali Kota Makassar Moh Ramdhan Pomanto dan Wali Kota Davao Sebastian Duterte pada Selasa (4/6/2024) di Makassar.

Kedua kota sepakat bekerja sama di bidang perikanan, pariwisata, dan penanggulangan bencana.
""",
        [
            (
                "Makassar",
                "ID",
                ["Davao", "Davao City"],
                "PH",
                "sister_city",
                "agreement",
                "signed",
                "2024-06-04",
                ["agriculture_food", "tourism", "disaster_water"],
            ),
        ],
    ),
    (
        "id06",
        None,
        """Festival Budaya Jepang Meriahkan Medan

MEDAN - Ribuan warga memadati Lapangan Merdeka untuk menyaksikan festival budaya Jepang yang digelar konsulat jenderal. Festival menampilkan tarian, kuliner, dan pameran kerajinan tangan.

Panitia menyebut acara ini akan menjadi agenda tahunan.
""",
        [],
    ),
    (
        "id07",
        "2022-09-30",
        """Bogor dan Saint Louis Perbarui Komitmen

BOGOR - Setelah lebih dari satu dasawarsa, Pemerintah Kota Bogor dan Kota Saint Louis, Amerika Serikat, memperbarui kerja sama sister city mereka. Perpanjangan kerja sama ditandatangani pada 28 September 2022.

Dalam perjanjian baru, kedua kota fokus pada bidang pendidikan dan lingkungan hidup, termasuk pengelolaan hutan kota.
""",
        [
            (
                "Bogor",
                "ID",
                ["Saint Louis", "St. Louis"],
                "US",
                "sister_city",
                "agreement",
                "renewed",
                "2022-09-28",
                ["education", "environment_climate"],
            ),
        ],
    ),
    (
        "id08",
        None,
        """Pemprov Bali Jalin Kerja Sama dengan Provinsi Hainan

DENPASAR - Pemerintah Provinsi Bali dan Provinsi Hainan, Tiongkok, menandatangani Letter of Intent kerja sama provinsi bersaudara. Penandatanganan berlangsung di Haikou, Kamis.

Kedua provinsi akan mengembangkan kerja sama di bidang pariwisata, pertanian, dan kesehatan. Bali sebelumnya telah menjalin kerja sama dengan Prefektur Hokkaido.
""",
        [
            (
                "Bali",
                "ID",
                ["Hainan"],
                "CN",
                "sister_city",
                "loi",
                "signed",
                None,
                ["tourism", "agriculture_food", "health"],
            ),
            ("Bali", "ID", ["Hokkaido"], "JP", "cooperation", "unspecified", "existing", None, []),
        ],
    ),
    (
        "id09",
        "2024-01-15",
        """Yogyakarta Terima Kunjungan Delegasi Kyoto

YOGYAKARTA - Wali Kota Yogyakarta menerima kunjungan delegasi Kota Kyoto, Jepang, di Balai Kota, Senin (15/1). Kunjungan ini dalam rangka memperingati 40 tahun hubungan kota kembar Yogyakarta dan Kyoto yang terjalin sejak 1985.

Kedua kota membahas pelestarian cagar budaya dan pengembangan pariwisata.
""",
        [
            ("Yogyakarta", "ID", ["Kyoto"], "JP", "sister_city", "unspecified", "existing", "1985", []),
        ],
    ),
    (
        "id10",
        None,
        """Kabupaten Banyuwangi Jalin Kerja Sama Pariwisata

BANYUWANGI - Pemerintah Kabupaten Banyuwangi menandatangani nota kesepahaman kerja sama dengan Kabupaten Badung di bidang pariwisata dan promosi daerah. Kerja sama antardaerah ini diharapkan meningkatkan kunjungan wisatawan.
""",
        [
            ("Banyuwangi", "ID", ["Badung"], "ID", "cooperation", "mou", "signed", None, ["tourism"]),
        ],
    ),
    (
        "id11",
        "2023-05-22",
        """Dubes Korea Kunjungi Pontianak

PONTIANAK - Duta Besar Korea Selatan untuk Indonesia mengunjungi Pontianak untuk membahas peluang investasi. Dalam pertemuan dengan Wali Kota Pontianak, dubes menyampaikan minat perusahaan Korea berinvestasi di sektor energi.

Pertemuan itu belum menghasilkan kesepakatan kerja sama resmi.
""",
        [],
    ),
    (
        "id12",
        "2024-10-02",
        """Jakarta dan Tokyo Bahas Penanganan Banjir

JAKARTA - Pemprov DKI Jakarta dan Pemerintah Metropolitan Tokyo berencana memperkuat kerja sama kota kembar di bidang penanganan banjir dan transportasi massal. Rencana itu disampaikan dalam forum di Balai Kota Jakarta, Selasa (1/10).

Jakarta dan Tokyo telah menjadi kota bersaudara sejak 1989.
""",
        [
            (
                "Jakarta",
                "ID",
                ["Tokyo"],
                "JP",
                "sister_city",
                "unspecified",
                "planned",
                None,
                ["disaster_water", "transport"],
            ),
        ],
    ),
    (
        "id13",
        None,
        """Semarang dan Brisbane Gelar Pertukaran Pelajar

SEMARANG - Sebanyak 20 pelajar Semarang mengikuti program pertukaran pelajar ke Brisbane, Australia. Program ini merupakan bagian dari kerja sama sister city Semarang dan Brisbane yang telah terjalin sejak 1993.
""",
        [
            ("Semarang", "ID", ["Brisbane"], "AU", "sister_city", "unspecified", "existing", "1993", []),
        ],
    ),
    (
        "id14",
        "2025-02-18",
        """Pemkot Palembang Teken LoI dengan Kota Ningbo

PALEMBANG - Pemerintah Kota Palembang menandatangani Letter of Intent (LoI) kerja sama sister city dengan Kota Ningbo, Tiongkok, pada 17 Februari 2025. Kerja sama ini mencakup bidang perdagangan, investasi, dan pendidikan.

Ke depan, kedua kota akan menyusun rencana aksi sebelum menandatangani MoU.
""",
        [
            (
                "Palembang",
                "ID",
                ["Ningbo"],
                "CN",
                "sister_city",
                "loi",
                "signed",
                "2025-02-17",
                ["economy_trade", "investment", "education"],
            ),
        ],
    ),
]
