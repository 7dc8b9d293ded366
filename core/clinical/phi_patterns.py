"""Patterns of the identifier scan (reference §9.1 A-C, rules V57/V58) that need more than one
line: ages of 90 and over written in text, Chinese postal addresses, and a Chinese surname with
a title (张先生). ``core.clinical.phi`` runs them with its other patterns.

Chinese has no spaces between words, so a pattern cannot see where a place name starts; the
address patterns therefore need a structure that ordinary clinical text does not have: a
province followed by a smaller unit (北京市东城区), a city followed by a district or county
(苏州市姑苏区), a street, lane or compound with a house number (帅府园1号), or a label
(住址：...). A lone 区, 道 or 号 is no address: 基底节区, 消化道, 信号通路 and 9号染色体 are
clinical words.
"""

from __future__ import annotations

# -- ages of 90 and over (§9.1 C): '90 or older' is the Safe Harbor category and stays ----------
_AGE = r"(?:9\d|1[01]\d)"  # 90-119
_NOT_BEFORE = r"(?<![\d.,≥>＞+])"
_YEARS = r"(?:years?|yrs?|y)"
_YEARS_OLD = rf"(?:{_YEARS}\s*-?\s*(?:old|of\s+age)|y/o|y\.\s?o\.?|yo)(?!\w)"
# 'aged 90 or older', '90 years and over', '90+': the category itself, not an age
_NOT_CATEGORY = (rf"(?!(?:\s*-?\s*{_YEARS}(?:\s*-?\s*old)?)?\s*(?:\+|or\s+(?:older|over|above|more)"
                 r"|and\s+(?:older|over|above)))")
# 'age 90 days' is an infant's age
_NOT_SHORT_UNIT = (r"(?!\s*-?\s*(?:days?|d|weeks?|wks?|w|months?|mos?|mo|m|hours?|hrs?|h|min)\b"
                   r"|\s*%|\.\d)")
_ZH_YEARS = r"(?:周岁|週歲|周歲|岁|歲|歳)"
_ZH_NOT_CATEGORY = rf"(?!{_ZH_YEARS}?\s*(?:及以上|或以上|以上|及更大|或更大|\+))"
_ZH_NUMERAL_AGE = r"(?:九十[一二三四五六七八九]?|一百(?:零?[一二三四五六七八九]|一?十[一二三四五六七八九]?)?)"
# Korean: 93세, 93 세, 만 93세, 93살; not 세포 (cell), 세대 (generation), 세기 (century), 세균
# (bacteria), 살균 (sterilising); '90세 이상' (90 or older) is the category, but '90세 초과'
# ('over 90', as 90歳超 below) covers only ages of 91 or more and is found with its 초과
_KO_YEARS = r"(?:세(?![포대기균])|살(?![균충]))"
_KO_NOT_CATEGORY = r"(?!\s*(?:이상|以上|\+))"
_KO_OVER = r"(?:\s*초과)?"
# Japanese: 93才 (才, the informal 歳) and 90歳超 / 95才超 ('over 90': every age it covers is
# 91 or more, narrower than the 90歳以上 category); not 才能 (talent). 89歳超 is the category.
_JA_YEARS = r"(?:才(?!能))"
_JA_OVER = r"(?:\s*超(?!え?ない))?"

AGE_PATTERNS = (
    # 91-year-old, 93 years old, 93 yrs old, 93 years of age, 93 y/o, 93yo, 93 y.o.
    rf"{_NOT_BEFORE}{_AGE}\s*-?\s*{_YEARS_OLD}{_NOT_CATEGORY}",
    # aged 93, age 93, Age: 93, at age 93 years
    rf"\b(?i:aged?|ages)\s*(?:of\s+|:\s*|=\s*)?{_AGE}(?!\d)(?:\s*-?\s*{_YEARS}(?:\s*-?\s*old)?"
    rf"(?!\w))?{_NOT_SHORT_UNIT}{_NOT_CATEGORY}",
    # 93岁, 93 歲, 91周岁, 年龄：93; Japanese 93才, 90歳超
    rf"{_NOT_BEFORE}{_AGE}\s*(?:{_ZH_YEARS}|{_JA_YEARS}){_ZH_NOT_CATEGORY}{_JA_OVER}",
    rf"(?:年龄|年齡|年紀|年纪|年齢)\s*[:：]?\s*(?P<hit>{_AGE}(?!\d)(?:{_ZH_YEARS}|{_JA_YEARS})?)"
    rf"{_ZH_NOT_CATEGORY}",
    rf"{_ZH_NUMERAL_AGE}{_ZH_YEARS}{_ZH_NOT_CATEGORY}",
    # Korean: 93세, 만 93세, 93살, 나이: 93, 연령 93세 (93歳 and 年齢：93 are above)
    rf"{_NOT_BEFORE}{_AGE}\s*{_KO_YEARS}{_KO_NOT_CATEGORY}{_KO_OVER}",
    rf"(?:나이|연령)\s*[:：]?\s*(?P<hit>{_AGE}(?![\d.,])(?:\s*{_KO_YEARS}{_KO_OVER})?)"
    rf"{_KO_NOT_CATEGORY}",
)

# -- Chinese postal addresses (§9.1 B) ---------------------------------------------------------
_HAN = r"[\u4e00-\u9fff]"
# a character of a place name: not one of a hospital, a school or a sentence (北京协和医院病区,
# 上海交通大学医学院 are no addresses)
_NOT_PLACE = "院科医醫学學校的了与與及或在于於为為是有无無等后後前时時性症病药藥治疗療患者"
_PLACE = rf"(?:(?![{_NOT_PLACE}]){_HAN})"
_PROVINCES = ("北京|天津|上海|重庆|重慶|河北|山西|辽宁|遼寧|吉林|黑龙江|黑龍江|江苏|江蘇|浙江|"
              "安徽|福建|江西|山东|山東|河南|湖北|湖南|广东|廣東|海南|四川|贵州|貴州|云南|雲南|"
              "陕西|陝西|甘肃|甘肅|青海|台湾|臺灣|台灣|内蒙古|內蒙古|广西|廣西|西藏|宁夏|寧夏|"
              "新疆|香港|澳门|澳門")
_PROVINCE_UNIT = r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|自治區|特别行政区|特別行政區)"
# a unit below the province; the look-arounds keep words such as 上市, 城市, 社区, 地区, 病区,
# 镇痛, 镇静, 农村, 家乡, 通路, 思路 out (they end or start with the same character)
_CITY = r"(?<![上城超都门門股夜闹黑菜集早退入面开])市(?![场場售面])"
_DISTRICT = r"(?<![地社病分盲误誤景灾災疫矿礦雷禁])[区區](?![域别別分间間])"
_COUNTY = r"[县縣]"
_TOWN = r"(?:[镇鎮](?![痛静靜定咳吐])|(?<![城家故还還下老])[乡鄉](?![村下亲親音])|(?<![农農乡鄉山])村)"
_ROAD = r"(?<![通思旁回线線电電气氣网網迷弯彎套心血公出前一二三两兩])路(?![径徑线線])"
_STREET = rf"(?:街道|大街|大道|胡同|{_ROAD}|[街巷弄])"
_LOWER = rf"(?:{_CITY}|{_DISTRICT}|{_COUNTY}|{_TOWN}|{_STREET})"
# a house number after a street, lane or compound: 帅府园1号, 中山路100号3栋2单元501室
_HOUSE_MARK = rf"(?:{_STREET}|道|里|园|園|苑|村|小区|小區)"
_HOUSE_NUMBER = (r"\s*\d+(?:-\d+)?\s*(?:号|號|弄)(?:\s*\d+\s*(?:号院|號院|号楼|號樓|栋|棟|幢|座|"
                 r"单元|單元|室|层|層|楼|樓|号|號))*")

ADDRESS_PATTERNS = (
    # a province and something smaller: 北京市东城区, 江苏省苏州市, 广东深圳市南山区
    rf"(?:{_PROVINCES}){_PROVINCE_UNIT}?(?:{_PLACE}{{1,5}}?{_LOWER})+",
    # a city and a district or county: 苏州市姑苏区, 臺北市大安區
    rf"{_PLACE}{{2,4}}?{_CITY}(?:{_PLACE}{{1,5}}?(?:{_DISTRICT}|{_COUNTY}|{_TOWN}|{_STREET}))+",
    # a street, lane or compound with its house number
    rf"{_HAN}{{1,6}}?{_HOUSE_MARK}{_HOUSE_NUMBER}",
)
# a labelled address: 住址：北京市东城区帅府园1号 (only the part after the label is the hit)
LABELLED_ADDRESS = (r"(?:家庭住址|现住址|現住址|住址|地址|住所|居住地|户籍地|戶籍地|籍贯|籍貫)\s*[:：]\s*"
                    r"(?P<hit>(?!不详|不詳|不明|未知|无|無)[^\s，,。；;！!？?、()（）]+"
                    r"(?: [^\s，,。；;！!？?、()（）]+)*)")
# what often stands before an address and is not part of it (家住北京市... -> 北京市...)
ADDRESS_LEAD_INS = ("家住", "住在", "居住于", "居住於", "居住在", "现住", "現住", "来自", "來自",
                    "住于", "住於", "位于", "位於", "出生于", "出生於", "生于", "生於")

# -- a Chinese surname with a title (§9.1 A): 张先生, 李女士, 王小姐, 陈太太, 欧阳先生 --------------
# The commonest surnames (simplified and traditional forms). Characters that are as often
# words before 先生 ('husband') are left out: 向 (towards), 解 (了解), 由, 和, 与; 于 counts
# only where it does not end a word (由于, 对于, 关于).
_SURNAMES = (
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮"
    "邓鄧曹彭曾肖萧蕭田董袁潘蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范"
    "金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬"
    "钱錢严嚴覃武戴莫孔汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟"
    "殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲"
    "翁冉骆駱蓝藍路辛管柴鲍鮑饶饒赖賴")
_COMPOUND_SURNAMES = "欧阳|歐陽|司马|司馬|上官|诸葛|諸葛|东方|東方|皇甫|令狐|司徒|慕容|夏侯|公孙|公孫"
TITLES = ("先生", "女士", "小姐", "太太")
# a given name of one or two characters may stand between surname and title (张伟先生); these
# are words, not names: 向该女士, 1周后先生陪同, 患者先生 ('the patient's husband')
_NOT_GIVEN = ("患者家属屬该該此这這那其位名个個一二三两兩每各本男女的了和与與及向对對给給由被"
              "将將把在为為之后後前时時内內日月年天周次例医醫护護病")
TITLED_NAME = (rf"(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}]|(?<![由对對鉴鑒关關属屬至等终終])于)"
               rf"(?:(?![{_NOT_GIVEN}]){_HAN}){{0,2}}?(?:{'|'.join(TITLES)})")
